"use client";

import { useQuery } from "@tanstack/react-query";
import { ImageIcon, Minus, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { formatMoney } from "@/server/format";

/** How many of one product a web booking can add (the server allows the same). */
const MAX_EACH = 20;

/**
 * Snacks and drinks added to a web booking, collected at the counter: the cinema's products on sale in the booking's
 * currency, each with − and + buttons. `value` is productId → quantity; a product out of stock can't be added.
 */
export function ConcessionsPicker({
  cinemaId,
  currency,
  value,
  onChange,
  disabled,
}: {
  cinemaId: string;
  currency: string;
  value: Record<string, number>;
  onChange: (value: Record<string, number>) => void;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const catalogue = useQuery({ ...trpc.concessions.catalogue.queryOptions({ cinemaId }), staleTime: 30_000 });
  const products = (catalogue.data ?? []).filter((p) => p.currency === currency);
  if (catalogue.isSuccess && products.length === 0) return null;
  const set = (productId: string, quantity: number) => {
    const next = { ...value };
    if (quantity <= 0) delete next[productId];
    else next[productId] = quantity;
    onChange(next);
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Snacks and drinks</CardTitle>
        <CardDescription>Add them now and collect them at the counter with your booking reference.</CardDescription>
      </CardHeader>
      <CardContent>
        {catalogue.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : catalogue.isError ? (
          <p className="text-muted-foreground text-sm">Snacks can&apos;t be added right now; you can still buy them at the counter.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Snacks and drinks">
            {products.map((product) => {
              const quantity = value[product.id] ?? 0;
              const most = Math.min(MAX_EACH, product.inStock);
              const soldOut = product.inStock === 0;
              return (
                <li key={product.id} className="flex items-center gap-3 rounded-md border p-2" data-product={product.name}>
                  {product.imageUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- a stored rendition, already sized
                    <img src={product.imageUrl} alt="" className="size-12 shrink-0 rounded object-cover" />
                  ) : (
                    <div className="bg-muted text-muted-foreground flex size-12 shrink-0 items-center justify-center rounded">
                      <ImageIcon className="size-4" aria-hidden />
                    </div>
                  )}
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-sm font-medium">{product.name}</p>
                    <p className="text-muted-foreground text-xs">{soldOut ? "Sold out" : formatMoney(product.priceAmount, product.currency)}</p>
                  </div>
                  <div className="flex items-center gap-1">
                    <Button
                      type="button"
                      variant="outline"
                      size="icon"
                      className="size-8"
                      aria-label={`One less ${product.name}`}
                      disabled={disabled || quantity === 0}
                      onClick={() => set(product.id, quantity - 1)}
                    >
                      <Minus aria-hidden />
                    </Button>
                    <output className="w-6 text-center text-sm tabular-nums" aria-label={`${product.name} quantity`}>
                      {quantity}
                    </output>
                    <Button
                      type="button"
                      variant="outline"
                      size="icon"
                      className="size-8"
                      aria-label={`Add ${product.name}`}
                      disabled={disabled || soldOut || quantity >= most}
                      onClick={() => set(product.id, quantity + 1)}
                    >
                      <Plus aria-hidden />
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
