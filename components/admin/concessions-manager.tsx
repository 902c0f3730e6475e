"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ImageIcon, Loader2, Pencil, Plus, Popcorn } from "lucide-react";
import { useState, useSyncExternalStore } from "react";
import { ProductDialog } from "@/components/admin/concessions-product-dialog";
import { StockDialog, type StockTarget } from "@/components/admin/concessions-stock-dialog";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { type AdminProduct, type AdminProductList, LOW_STOCK_AT } from "@/server/concessions/schemas";
import { formatMoney } from "@/server/format";

const subscribeNever = () => () => {};

/** The admin's concessions: every product with its price and its stock at each cinema, and the edit and stock actions. */
export function ConcessionsManager({ initial }: { initial: AdminProductList }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery({ ...trpc.admin.concessions.list.queryOptions(), initialData: initial, staleTime: 5_000 });
  const [dialog, setDialog] = useState<{ open: boolean; editing: AdminProduct | null }>({ open: false, editing: null });
  const [stock, setStock] = useState<StockTarget | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.admin.concessions.list.queryKey() });
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const data = query.data;
  const currency = data.cinemas[0]?.currency ?? "GBP";

  return (
    <div className="space-y-4" data-ready={hydrated || undefined}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-muted-foreground text-sm">
          {data.products.length} products · a stock of {LOW_STOCK_AT} or less is marked low. Select a stock figure to receive a delivery, count or
          record waste.
        </p>
        <div className="flex items-center gap-2">
          {query.isFetching ? <Loader2 className="text-muted-foreground size-4 animate-spin" aria-label="Loading" /> : null}
          <Button onClick={() => setDialog({ open: true, editing: null })}>
            <Plus aria-hidden /> New product
          </Button>
        </div>
      </div>

      {query.isError ? (
        <LoadError title="We couldn't load the products" message={query.error.message} onRetry={() => query.refetch()} />
      ) : data.products.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Popcorn className="size-8" aria-hidden />
          <p className="text-foreground font-medium">No products yet</p>
          <p className="text-sm">Add popcorn, drinks and combos to sell them at the counter and with web bookings.</p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <Table aria-label="Concession products">
            <TableHeader>
              <TableRow>
                <TableHead className="w-14">
                  <span className="sr-only">Image</span>
                </TableHead>
                <TableHead>Product</TableHead>
                <TableHead>Category</TableHead>
                <TableHead className="text-right">Price</TableHead>
                {data.cinemas.map((cinema) => (
                  <TableHead key={cinema.id} className="text-right">
                    {cinema.name}
                  </TableHead>
                ))}
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.products.map((product) => (
                <TableRow key={product.id} data-product={product.name} className={product.active ? undefined : "opacity-60"}>
                  <TableCell>
                    {product.imageUrl ? (
                      // eslint-disable-next-line @next/next/no-img-element -- a stored rendition, already sized
                      <img src={product.imageUrl} alt="" className="size-10 rounded object-cover" />
                    ) : (
                      <div className="bg-muted text-muted-foreground flex size-10 items-center justify-center rounded">
                        <ImageIcon className="size-4" aria-hidden />
                      </div>
                    )}
                  </TableCell>
                  <TableCell>
                    <div className="font-medium">{product.name}</div>
                    {product.active ? null : (
                      <Badge variant="outline" className="text-muted-foreground">
                        Off sale
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>{product.category}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMoney(product.priceAmount, product.currency)}</TableCell>
                  {product.stock.map((at) => (
                    <TableCell key={at.cinemaId} className="text-right">
                      <Button
                        variant="ghost"
                        size="sm"
                        className="tabular-nums"
                        aria-label={`Stock of ${product.name} at ${at.cinemaName}: ${at.quantity}${at.low ? ", low" : ""}. Change`}
                        onClick={() => setStock({ productId: product.id, productName: product.name, cinemaId: at.cinemaId, cinemaName: at.cinemaName, quantity: at.quantity })}
                      >
                        {at.quantity}
                        {at.low ? <Badge className="border-transparent bg-amber-600 text-white">Low</Badge> : null}
                      </Button>
                    </TableCell>
                  ))}
                  <TableCell className="text-right">
                    <Button variant="outline" size="sm" onClick={() => setDialog({ open: true, editing: product })} aria-label={`Edit ${product.name}`}>
                      <Pencil aria-hidden /> Edit
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      <ProductDialog
        open={dialog.open}
        onOpenChange={(open) => setDialog((current) => ({ ...current, open }))}
        editing={dialog.editing}
        categories={data.categories}
        currency={currency}
        onSaved={reload}
      />
      <StockDialog target={stock} onOpenChange={(open) => (open ? null : setStock(null))} onSaved={reload} />
    </div>
  );
}
