// Demo concessions: popcorn in three sizes, drinks, nachos and a combo, each with an image stored through the media
// module (drawn here as SVG and rendered by sharp, like the films' artwork) and stock at every cinema. Re-running
// finds the products by name and leaves their stock alone: the shelf is whatever the demo has sold since, and every
// unit on it came in through an "Opening stock" movement, so the shelf still equals the sum of its movements.
import sharp from "sharp";
import type { Database } from "@/server/db/client";
import type { Media } from "@/server/media";

interface SeedProduct {
  name: string;
  category: string;
  description: string;
  priceAmount: number;
  sortOrder: number;
  /** Opening stock at each cinema. */
  stock: number;
  /** The image: background colours and a simple drawing. */
  art: { from: string; to: string; shape: "tub" | "cup" | "tray" | "combo"; scale?: number };
}

export const seedProducts: SeedProduct[] = [
  { name: "Small popcorn", category: "Popcorn", description: "Salted or sweet.", priceAmount: 450, sortOrder: 10, stock: 120, art: { from: "#f59e0b", to: "#b45309", shape: "tub", scale: 0.75 } },
  { name: "Medium popcorn", category: "Popcorn", description: "Salted or sweet.", priceAmount: 575, sortOrder: 20, stock: 100, art: { from: "#f59e0b", to: "#92400e", shape: "tub", scale: 0.9 } },
  { name: "Large popcorn", category: "Popcorn", description: "Salted, sweet or half and half.", priceAmount: 675, sortOrder: 30, stock: 80, art: { from: "#fbbf24", to: "#78350f", shape: "tub", scale: 1.05 } },
  { name: "Cola", category: "Drinks", description: "Regular, 500 ml.", priceAmount: 375, sortOrder: 10, stock: 150, art: { from: "#ef4444", to: "#7f1d1d", shape: "cup" } },
  { name: "Still water", category: "Drinks", description: "500 ml bottle.", priceAmount: 250, sortOrder: 20, stock: 8, art: { from: "#38bdf8", to: "#0c4a6e", shape: "cup", scale: 0.85 } },
  { name: "Nachos", category: "Snacks", description: "With cheese sauce and jalapeños.", priceAmount: 595, sortOrder: 10, stock: 40, art: { from: "#facc15", to: "#a16207", shape: "tray" } },
  { name: "Date night combo", category: "Combos", description: "Large popcorn and two colas.", priceAmount: 1395, sortOrder: 10, stock: 30, art: { from: "#a855f7", to: "#3b0764", shape: "combo" } },
];

function tub(x: number, scale: number): string {
  const w = 200 * scale;
  const h = 230 * scale;
  const top = 400 - h;
  const kernels = Array.from({ length: 9 }, (_, i) => {
    const cx = x - w / 2 + (i + 0.5) * (w / 9);
    const cy = top - 18 * scale - (i % 3) * 14 * scale;
    return `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${(26 * scale).toFixed(1)}" fill="#fffbeb"/>`;
  }).join("");
  const stripes = [0, 1, 2].map((i) => {
    const sx = x - w / 2 + w * (0.12 + i * 0.3);
    return `<rect x="${sx.toFixed(1)}" y="${top.toFixed(1)}" width="${(w * 0.16).toFixed(1)}" height="${h.toFixed(1)}" fill="#dc2626"/>`;
  }).join("");
  return `${kernels}<path d="M${x - w / 2} ${top} L${x + w / 2} ${top} L${x + w * 0.38} 400 L${x - w * 0.38} 400 Z" fill="#fff"/>${stripes}`;
}

function cup(x: number, scale: number, colour: string): string {
  const w = 150 * scale;
  const h = 220 * scale;
  const top = 400 - h;
  return `<rect x="${x + 10}" y="${top - 70 * scale}" width="10" height="${80 * scale}" fill="#f8fafc" transform="rotate(12 ${x} ${top})"/>
    <rect x="${x - w / 2 - 8}" y="${top - 16}" width="${w + 16}" height="20" rx="8" fill="#f8fafc"/>
    <path d="M${x - w / 2} ${top} L${x + w / 2} ${top} L${x + w * 0.4} 400 L${x - w * 0.4} 400 Z" fill="#f8fafc"/>
    <rect x="${x - w * 0.45}" y="${top + h * 0.3}" width="${w * 0.9}" height="${h * 0.3}" fill="${colour}"/>`;
}

function tray(x: number): string {
  const chips = Array.from({ length: 8 }, (_, i) => {
    const cx = x - 150 + i * 42;
    const cy = 300 - (i % 2) * 22;
    return `<path d="M${cx} ${cy + 40} L${cx + 30} ${cy - 20} L${cx + 60} ${cy + 40} Z" fill="#fde047" stroke="#ca8a04" stroke-width="4"/>`;
  }).join("");
  return `${chips}<ellipse cx="${x}" cy="318" rx="70" ry="26" fill="#f97316"/><rect x="${x - 200}" y="340" width="400" height="60" rx="18" fill="#1f2937"/>`;
}

function artwork(product: SeedProduct): string {
  const { from, to, shape, scale = 1 } = product.art;
  const drawing =
    shape === "tub" ? tub(400, scale) : shape === "cup" ? cup(400, scale, from) : shape === "tray" ? tray(400) : `${tub(330, 0.95)}${cup(500, 0.75, "#ef4444")}${cup(600, 0.75, "#ef4444")}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="480" viewBox="0 0 800 480">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect width="800" height="480" fill="url(#g)"/>
  <circle cx="120" cy="90" r="140" fill="#ffffff" opacity="0.08"/><circle cx="700" cy="420" r="180" fill="#000000" opacity="0.12"/>
  ${drawing}
  <rect x="0" y="400" width="800" height="80" fill="#000000" opacity="0.25"/>
</svg>`;
}

/** The demo products, their images and their opening stock at every cinema; `actorId` signs the movements. */
export async function seedConcessions(db: Database, media: Media, cinemaIds: Iterable<string>, actorId: string): Promise<number> {
  const cinemas = [...cinemaIds];
  const currency = (await db.cinema.findFirst({ where: { id: { in: cinemas } }, select: { currency: true } }))?.currency ?? "GBP";
  for (const seed of seedProducts) {
    const png = await sharp(Buffer.from(artwork(seed))).png({ compressionLevel: 1 }).toBuffer();
    const imageKey = (await media.storeImage({ kind: "advert", bytes: png })).url;
    const data = { category: seed.category, description: seed.description, currency, priceAmount: seed.priceAmount, sortOrder: seed.sortOrder, imageKey };
    const existing = await db.product.findFirst({ where: { name: seed.name }, select: { id: true } });
    const product = existing
      ? await db.product.update({ where: { id: existing.id }, data, select: { id: true } })
      : await db.product.create({ data: { name: seed.name, ...data }, select: { id: true } });
    for (const cinemaId of cinemas) {
      const stocked = await db.productStock.findUnique({ where: { productId_cinemaId: { productId: product.id, cinemaId } } });
      if (stocked) continue;
      await db.$transaction([
        db.productStock.create({ data: { productId: product.id, cinemaId, quantity: seed.stock } }),
        db.stockMovement.create({ data: { productId: product.id, cinemaId, delta: seed.stock, reason: "RESTOCK: Opening stock", userId: actorId } }),
      ]);
    }
  }
  return seedProducts.length;
}
