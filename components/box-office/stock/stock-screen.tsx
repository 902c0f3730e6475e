"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { PackageOpen, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { StockDialog, type StockTarget } from "@/components/admin/concessions-stock-dialog";
import { typingInField } from "@/components/box-office/orders/find-booking";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import { LOW_STOCK_AT, type StockMode } from "@/server/concessions/schemas";
import { formatDay, formatTime } from "@/server/format";

const kbd = "bg-muted text-muted-foreground rounded border px-1 font-mono text-[11px] leading-4";

const actions: { mode: StockMode; label: string; key: string }[] = [
  { mode: "RECEIVE", label: "Receive delivery", key: "D" },
  { mode: "SET", label: "Count", key: "C" },
  { mode: "WASTE", label: "Waste", key: "W" },
];

/**
 * The staff's stock screen: the cinema's products with what is on the shelf, and a delivery, a count or waste with
 * the reason. Keyboard first: type to filter, ↑/↓ to pick, Enter (or D / C / W) to open the change.
 */
export function StockScreen({
  cinema,
  cinemas,
}: {
  cinema: { id: string; name: string; timeZone: string } | null;
  cinemas: { id: string; name: string }[];
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const filterRef = useRef<HTMLInputElement>(null);
  const [filter, setFilter] = useState("");
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [allMovements, setAllMovements] = useState(false);
  const [dialog, setDialog] = useState<{ target: StockTarget; mode: StockMode } | null>(null);
  const catalogue = useQuery({ ...trpc.concessions.catalogue.queryOptions({ cinemaId: cinema?.id ?? "" }), enabled: cinema !== null });

  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return (catalogue.data ?? []).filter((p) => words.every((w) => `${p.name} ${p.category}`.toLowerCase().includes(w)));
  }, [catalogue.data, filter]);
  const selected = shown.find((p) => p.id === selectedId) ?? shown[0] ?? null;
  const movementsFor = allMovements ? undefined : selected?.id;
  const movements = useQuery({
    ...trpc.concessions.movements.queryOptions({ cinemaId: cinema?.id ?? "", productId: movementsFor, limit: 25 }),
    enabled: cinema !== null && (allMovements || selected !== null),
  });

  const open = (mode: StockMode, product = selected) => {
    if (!product || !cinema) return;
    setDialog({ target: { productId: product.id, productName: product.name, cinemaId: cinema.id, cinemaName: cinema.name, quantity: product.inStock }, mode });
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (dialog || event.ctrlKey || event.metaKey || event.altKey) return;
      const inFilter = event.target === filterRef.current;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!inFilter && typingInField(event)) return;
        event.preventDefault();
        const at = selected ? shown.indexOf(selected) : -1;
        const next = shown[Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), shown.length - 1)];
        if (next) setSelectedId(next.id);
        return;
      }
      if (event.key === "Enter" && (inFilter || !typingInField(event)) && selected) {
        event.preventDefault();
        open("RECEIVE");
        return;
      }
      if (event.key === "Escape" && inFilter && filter) {
        setFilter("");
        return;
      }
      if (typingInField(event)) return;
      if (event.key === "/") {
        event.preventDefault();
        filterRef.current?.focus();
        return;
      }
      if (event.key === "a" || event.key === "A") {
        event.preventDefault();
        setAllMovements((all) => !all);
        return;
      }
      const action = actions.find((a) => a.key === event.key.toUpperCase());
      if (action && selected) {
        event.preventDefault();
        open(action.mode);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  // Keep the picked row in view as the arrows move through a long list.
  useEffect(() => {
    if (selected) document.getElementById(`stock-row-${selected.id}`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  if (!cinema) {
    return (
      <div className="text-muted-foreground rounded-md border p-6 text-sm">
        No cinema to show: you have no home cinema and there are no cinemas yet. Ask an admin to set your home cinema.
      </div>
    );
  }
  const zone = cinema.timeZone;
  const ready = catalogue.isSuccess;

  return (
    <div className="grid gap-3 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" data-ready={ready ? "true" : undefined}>
      <section aria-labelledby="stock-heading" className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 id="stock-heading" className="text-base font-semibold">
            Stock at {cinema.name}
          </h2>
          {cinemas.length > 1 ? (
            <label className="text-muted-foreground flex items-center gap-1 text-sm">
              <span className="sr-only">Cinema</span>
              <select
                aria-label="Cinema"
                className="border-input h-8 rounded-md border bg-transparent px-2 text-sm"
                value={cinema.id}
                onChange={(event) => router.push(`/box-office/stock?cinema=${encodeURIComponent(event.target.value)}`)}
              >
                {cinemas.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <p className="text-muted-foreground ml-auto hidden text-xs md:block">
            <kbd className={kbd}>/</kbd> filter · <kbd className={kbd}>↑</kbd>
            <kbd className={kbd}>↓</kbd> pick · <kbd className={kbd}>Enter</kbd> receive · <kbd className={kbd}>C</kbd> count ·{" "}
            <kbd className={kbd}>W</kbd> waste
          </p>
        </div>
        <div className="relative">
          <Search className="text-muted-foreground pointer-events-none absolute top-2.5 left-2.5 size-4" aria-hidden />
          <Input
            ref={filterRef}
            autoFocus
            disabled={!ready}
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
              setSelectedId(null);
            }}
            placeholder="Type to filter: popcorn, cola…"
            aria-label="Filter products"
            aria-controls="stock-table"
            className="pl-8"
          />
        </div>
        {catalogue.isError ? (
          <LoadError title="We couldn't load the stock" message={catalogue.error.message} onRetry={() => catalogue.refetch()} />
        ) : !ready ? (
          <div className="space-y-1" aria-busy="true" aria-label="Loading the stock">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : catalogue.data.length === 0 ? (
          <div className="text-muted-foreground flex items-center gap-2 rounded-md border p-6 text-sm">
            <PackageOpen className="size-5" aria-hidden /> Nothing is on sale here yet: an admin adds products under Concessions.
          </div>
        ) : shown.length === 0 ? (
          <p className="text-muted-foreground rounded-md border p-4 text-sm">
            No product matches “{filter}”. <kbd className={kbd}>Esc</kbd> clears the filter.
          </p>
        ) : (
          <div className="max-h-[calc(100vh-15rem)] overflow-y-auto rounded-md border">
            <table id="stock-table" className="w-full text-sm" aria-label="Products and stock">
              <thead className="bg-muted/50 sticky top-0 text-left text-xs">
                <tr>
                  <th className="px-3 py-2 font-medium">Product</th>
                  <th className="px-3 py-2 font-medium">Category</th>
                  <th className="px-3 py-2 text-right font-medium">On the shelf</th>
                  <th className="px-3 py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((p) => {
                  const isSelected = p.id === selected?.id;
                  return (
                    <tr
                      key={p.id}
                      id={`stock-row-${p.id}`}
                      aria-selected={isSelected}
                      data-product={p.name}
                      onClick={() => setSelectedId(p.id)}
                      className={cn("border-t", isSelected ? "bg-primary/10" : "hover:bg-muted/40")}
                    >
                      <td className="px-3 py-1.5 font-medium">{p.name}</td>
                      <td className="text-muted-foreground px-3 py-1.5">{p.category}</td>
                      <td className="px-3 py-1.5 text-right">
                        <span className="inline-flex items-center gap-2">
                          {p.inStock === 0 ? (
                            <Badge variant="destructive">out</Badge>
                          ) : p.inStock <= LOW_STOCK_AT ? (
                            <Badge variant="outline" className="border-amber-500 text-amber-700 dark:text-amber-400">
                              low
                            </Badge>
                          ) : null}
                          <span className="w-12 font-mono text-base tabular-nums" data-testid="stock-quantity">
                            {p.inStock}
                          </span>
                        </span>
                      </td>
                      <td className="px-2 py-1 text-right whitespace-nowrap">
                        {actions.map((a) => (
                          <Button
                            key={a.mode}
                            size="sm"
                            variant={isSelected && a.mode === "RECEIVE" ? "default" : "ghost"}
                            className="h-7 px-2"
                            aria-label={`${a.label}: ${p.name}`}
                            onClick={(event) => {
                              event.stopPropagation();
                              setSelectedId(p.id);
                              open(a.mode, p);
                            }}
                          >
                            {a.label}
                            {isSelected ? <kbd className={kbd}>{a.mode === "RECEIVE" ? "Enter" : a.key}</kbd> : null}
                          </Button>
                        ))}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="movements-heading" className="rounded-md border p-3">
        <div className="mb-2 flex items-center gap-2">
          <h2 id="movements-heading" className="text-sm font-semibold">
            Recent movements{allMovements ? ` at ${cinema.name}` : selected ? `: ${selected.name}` : ""}
          </h2>
          <Button size="sm" variant="outline" className="ml-auto h-7" aria-pressed={allMovements} onClick={() => setAllMovements((all) => !all)}>
            {allMovements ? "This product" : "All products"} <kbd className={kbd}>A</kbd>
          </Button>
        </div>
        {movements.isError ? (
          <LoadError title="We couldn't load the movements" message={movements.error.message} onRetry={() => movements.refetch()} />
        ) : !movements.isEnabled ? (
          <p className="text-muted-foreground text-sm">Pick a product to see its movements.</p>
        ) : !movements.data ? (
          <div className="space-y-1" aria-busy="true" aria-label="Loading the movements">
            <Skeleton className="h-6 w-full" />
            <Skeleton className="h-6 w-full" />
          </div>
        ) : movements.data.length === 0 ? (
          <p className="text-muted-foreground text-sm">No movements yet.</p>
        ) : (
          <ol className="divide-y text-sm" aria-label="Movements">
            {movements.data.map((m) => (
              <li key={m.id} className="flex items-baseline gap-2 py-1">
                <span className={cn("w-12 shrink-0 text-right font-mono tabular-nums", m.delta > 0 ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400")}>
                  {m.delta > 0 ? `+${m.delta}` : `−${-m.delta}`}
                </span>
                <span className="min-w-0 flex-1">
                  {allMovements ? <span className="font-medium">{m.productName} · </span> : null}
                  {movementReason(m.reason)}
                  <span className="text-muted-foreground block text-xs">
                    {formatDay(m.createdAt, zone)} {formatTime(m.createdAt, zone)}
                    {m.userEmail ? ` · ${m.userEmail}` : ""}
                  </span>
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <StockDialog
        as="staff"
        target={dialog?.target ?? null}
        initialMode={dialog?.mode ?? "RECEIVE"}
        onOpenChange={(isOpen) => {
          if (!isOpen) {
            setDialog(null);
            filterRef.current?.focus();
          }
        }}
        onSaved={() => queryClient.invalidateQueries({ queryKey: trpc.concessions.pathKey() })}
      />
    </div>
  );
}

/** A movement's stored reason in words: sales and returns are the system's, the rest carry the person's note. */
function movementReason(reason: string): string {
  if (reason === "SALE") return "Sold";
  if (reason === "RETURN") return "Returned (refund or unpaid)";
  const [, kind, note] = /^(COUNT|RESTOCK|WASTE): (.*)$/s.exec(reason) ?? [];
  if (!kind) return reason;
  return `${{ COUNT: "Counted", RESTOCK: "Delivery", WASTE: "Waste" }[kind]} · ${note}`;
}
