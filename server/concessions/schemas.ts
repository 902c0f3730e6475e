// Concessions' HTTP contract, shared by the tRPC routers and the admin's forms (the same schema validates in the
// browser and again on the server). Safe for client components: zod only.
import { z } from "zod";

const idSchema = z.string().min(1).max(100);
const versionSchema = z.number().int().min(1);

/** Minor units (pence). Never negative (also a CHECK in SQL). */
export const priceAmountSchema = z
  .number({ error: "Enter a price like 4.50" })
  .int({ error: "Enter a price like 4.50" })
  .min(0, { error: "Prices can't be negative" })
  .max(1_000_00, { error: "That price is too large" });

/** A stock reason: the staff member's words, kept with the movement. */
export const stockNoteSchema = z
  .string({ error: "Say why" })
  .trim()
  .min(3, { error: "Say why, in a few words" })
  .max(200, { error: "Keep it to 200 characters" });

/** A counted or delivered quantity. */
export const stockQuantitySchema = z
  .number({ error: "Enter a whole number" })
  .int({ error: "Enter a whole number" })
  .min(0, { error: "Can't be negative" })
  .max(100_000, { error: "That is more than a shelf holds" });

/** The stock at or below which a product shows a "low stock" badge. */
export const LOW_STOCK_AT = 10;

export const productFormSchema = z.object({
  name: z.string({ error: "Name the product" }).trim().min(1, { error: "Name the product" }).max(60, { error: "Keep it to 60 characters" }),
  category: z.string({ error: "Choose a category" }).trim().min(1, { error: "Choose a category" }).max(40, { error: "Keep it to 40 characters" }),
  description: z.string().trim().max(300, { error: "Keep it to 300 characters" }),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: "A three-letter currency code, like GBP" }),
  priceAmount: priceAmountSchema,
  /** The stored image's URL (server/media, as /api/admin/media answers it), or null for the placeholder. */
  imageUrl: z.string().trim().max(500).nullable(),
  active: z.boolean(),
  sortOrder: z.number({ error: "Enter a whole number" }).int({ error: "Enter a whole number" }).min(0).max(100_000),
});
export type ProductFormValues = z.infer<typeof productFormSchema>;

export const createProductInput = productFormSchema;
export const updateProductInput = productFormSchema.extend({ id: idSchema, version: versionSchema });

export const stockModeSchema = z.enum(["SET", "RECEIVE", "WASTE"]);
export type StockMode = z.infer<typeof stockModeSchema>;

/**
 * SET: the shelf was counted and holds `quantity`; RECEIVE: a delivery of `quantity` more; WASTE: `quantity` thrown
 * away (spilt, out of date). Each writes one StockMovement with the note.
 */
export const stockChangeFormSchema = z.object({
  mode: stockModeSchema,
  quantity: stockQuantitySchema,
  note: stockNoteSchema,
});
export type StockChangeFormValues = z.infer<typeof stockChangeFormSchema>;
export const changeStockInput = stockChangeFormSchema.extend({ productId: idSchema, cinemaId: idSchema });

export const stockAtSchema = z.object({
  cinemaId: z.string(),
  cinemaName: z.string(),
  quantity: z.number().int(),
  low: z.boolean(),
});

export const adminProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  currency: z.string(),
  priceAmount: z.number().int(),
  imageUrl: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  /** Every cinema, with 0 where the product has never been stocked. */
  stock: z.array(stockAtSchema),
});
export type AdminProduct = z.infer<typeof adminProductSchema>;

export const adminProductListSchema = z.object({
  products: z.array(adminProductSchema),
  categories: z.array(z.string()),
  cinemas: z.array(z.object({ id: z.string(), name: z.string(), currency: z.string() })),
});
export type AdminProductList = z.infer<typeof adminProductListSchema>;

export const cinemaInput = z.object({ cinemaId: idSchema });

/** What a cinema sells, for the counter and the web checkout. */
export const catalogueItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  description: z.string(),
  currency: z.string(),
  priceAmount: z.number().int(),
  imageUrl: z.string().nullable(),
  sortOrder: z.number().int(),
  inStock: z.number().int(),
});
export type CatalogueItem = z.infer<typeof catalogueItemSchema>;

export const stockMovementsInput = z.object({
  cinemaId: idSchema,
  productId: idSchema.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const stockMovementSchema = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  delta: z.number().int(),
  reason: z.string(),
  orderId: z.string().nullable(),
  userEmail: z.string().nullable(),
  createdAt: z.date(),
});
export type StockMovementView = z.infer<typeof stockMovementSchema>;

export const stockChangeResultSchema = z.object({
  productId: z.string(),
  cinemaId: z.string(),
  quantity: z.number().int(),
  delta: z.number().int(),
});

/** Hand over a paid order's concessions at the counter: the ids given, or every uncollected paid item. */
export const collectItemsInput = z.object({
  orderId: idSchema,
  itemIds: z.array(idSchema).min(1).max(100).optional(),
});

export const collectItemsResultSchema = z.object({
  orderId: z.string(),
  collectedIds: z.array(z.string()),
  collectedAt: z.date(),
});
