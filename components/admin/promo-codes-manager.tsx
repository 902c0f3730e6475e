"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Layers, Loader2, Pause, Pencil, Play, Plus, Search, TicketPercent } from "lucide-react";
import { useDeferredValue, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { downloadBatchCsv, PromoCodeDialog } from "@/components/admin/promo-code-dialog";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { formatDay, formatMoney } from "@/server/format";
import { DAYS_OF_WEEK, type AdminPromoCode, type PromoCodeBatch, type PromoCodeList, type PromoCodeListInput, type PromoCodeStatus } from "@/server/programme/schemas";

type StatusFilter = PromoCodeStatus | "any";
const statusFilterLabels: Record<StatusFilter, string> = { any: "Any status", active: "Active", upcoming: "Upcoming", paused: "Paused", expired: "Expired" };
const subscribeNever = () => () => {};

const statusBadges: Record<PromoCodeStatus, { label: string; className: string }> = {
  active: { label: "Active", className: "border-transparent bg-emerald-600 text-white" },
  upcoming: { label: "Upcoming", className: "border-transparent bg-sky-600 text-white" },
  paused: { label: "Paused", className: "border-transparent bg-amber-500 text-white" },
  expired: { label: "Expired", className: "text-muted-foreground" },
};

/** The admin's promo codes: filters and search, a dense table, the create/edit dialog, and pause/resume. */
export function PromoCodesManager({ initial }: { initial: PromoCodeList }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StatusFilter>("any");
  const [searchText, setSearchText] = useState("");
  const search = useDeferredValue(searchText.trim());
  const input: PromoCodeListInput = { ...(status === "any" ? {} : { status }), ...(search ? { search } : {}) };
  const unfiltered = status === "any" && !search;
  const query = useQuery({
    ...trpc.admin.promoCodes.list.queryOptions(input),
    initialData: unfiltered ? initial : undefined,
    staleTime: 5_000,
  });
  const [dialog, setDialog] = useState<{ open: boolean; editing: AdminPromoCode | null; batch?: boolean }>({ open: false, editing: null });
  const options = query.data ?? initial;
  const [downloading, setDownloading] = useState<string | null>(null);
  const download = async (batch: PromoCodeBatch) => {
    setDownloading(batch.batchId);
    try {
      const codes = await queryClient.fetchQuery(trpc.admin.promoCodes.batchCodes.queryOptions({ batchId: batch.batchId }));
      downloadBatchCsv(codes, `promo-codes-${batch.description.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Couldn't download the codes.");
    } finally {
      setDownloading(null);
    }
  };
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.admin.promoCodes.list.queryKey() });
  const timeZone = query.data?.timeZone ?? initial.timeZone;
  const setActive = useMutation(
    trpc.admin.promoCodes.setActive.mutationOptions({
      onSuccess: async (row) => {
        toast.success(row.active ? `${row.code} resumed: checkout accepts it again.` : `${row.code} paused: checkout refuses it.`);
        await reload();
      },
      onError: async (error) => {
        toast.error(error.message);
        await reload();
      },
    }),
  );
  // True once hydrated: before that the buttons do nothing, and tests wait for data-interactive.
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);

  return (
    <div className="space-y-4" data-interactive={hydrated || undefined}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-wrap items-end gap-3">
          <label className="grid gap-1 text-sm font-medium">
            <span id="filter-status">Status</span>
            <Select value={status} onValueChange={(value) => setStatus(value as StatusFilter)}>
              <SelectTrigger className="w-36" aria-labelledby="filter-status">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {(Object.keys(statusFilterLabels) as StatusFilter[]).map((value) => (
                  <SelectItem key={value} value={value}>
                    {statusFilterLabels[value]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </label>
          <label className="grid gap-1 text-sm font-medium">
            <span>Search</span>
            <div className="relative">
              <Search className="text-muted-foreground absolute top-2.5 left-2.5 size-4" aria-hidden />
              <Input
                type="search"
                value={searchText}
                onChange={(event) => setSearchText(event.target.value)}
                placeholder="Code or description"
                className="w-56 pl-8"
              />
            </div>
          </label>
          {query.isFetching ? <Loader2 className="text-muted-foreground mb-2 size-4 animate-spin" aria-label="Loading" /> : null}
        </div>
        <div className="flex gap-2">
          <Button variant="outline" onClick={() => setDialog({ open: true, editing: null, batch: true })}>
            <Layers aria-hidden /> Generate single-use codes
          </Button>
          <Button onClick={() => setDialog({ open: true, editing: null })}>
            <Plus aria-hidden /> New promo code
          </Button>
        </div>
      </div>

      {query.isError ? (
        <LoadError title="We couldn't load the promo codes" message={query.error.message} onRetry={() => query.refetch()} />
      ) : query.isPending ? (
        <div className="space-y-2" aria-busy="true">
          <p className="sr-only" role="status">
            Loading…
          </p>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} className="h-10 w-full" />
          ))}
        </div>
      ) : query.data.promoCodes.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <TicketPercent className="size-8" aria-hidden />
          <p className="text-foreground font-medium">{unfiltered ? "No promo codes yet" : "No promo codes match these filters"}</p>
          <p className="text-sm">Customers type a promo code at checkout for a discount.</p>
        </div>
      ) : (
        <Table aria-label="Promo codes">
          <TableHeader>
            <TableRow>
              <TableHead className="w-24">Status</TableHead>
              <TableHead>Code</TableHead>
              <TableHead>Discount</TableHead>
              <TableHead>Valid</TableHead>
              <TableHead className="text-right">Redemptions</TableHead>
              <TableHead className="text-right">Discount given</TableHead>
              <TableHead className="w-24">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {query.data.promoCodes.map((row) => (
              <PromoCodeRow
                key={row.id}
                row={row}
                options={options}
                timeZone={timeZone}
                busy={setActive.isPending && setActive.variables?.id === row.id}
                onEdit={() => setDialog({ open: true, editing: row })}
                onToggle={() => setActive.mutate({ id: row.id, version: row.version, active: !row.active })}
              />
            ))}
          </TableBody>
        </Table>
      )}

      {query.data && query.data.batches.length > 0 && unfiltered ? (
        <section aria-labelledby="batches-heading" className="space-y-2">
          <h3 id="batches-heading" className="text-sm font-medium">
            Single-use code batches
          </h3>
          <Table aria-label="Single-use code batches">
            <TableHeader>
              <TableRow>
                <TableHead>Description</TableHead>
                <TableHead>Created</TableHead>
                <TableHead className="text-right">Used</TableHead>
                <TableHead className="w-40">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {query.data.batches.map((batch) => (
                <TableRow key={batch.batchId} data-batch={batch.description}>
                  <TableCell>{batch.description}</TableCell>
                  <TableCell className="text-sm tabular-nums">{formatDay(batch.createdAt, timeZone)}</TableCell>
                  <TableCell className="text-right tabular-nums" data-cell="batch-used">
                    {batch.redeemed} / {batch.count}
                  </TableCell>
                  <TableCell className="text-right">
                    <Button variant="outline" size="sm" onClick={() => download(batch)} disabled={downloading === batch.batchId}>
                      {downloading === batch.batchId ? <Loader2 className="animate-spin" aria-hidden /> : <Download aria-hidden />} CSV
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ) : null}

      <PromoCodeDialog
        open={dialog.open}
        onOpenChange={(open) => setDialog((current) => ({ ...current, open }))}
        editing={dialog.editing}
        batch={dialog.batch}
        timeZone={timeZone}
        options={options}
        onSaved={reload}
      />
    </div>
  );
}

/** The code's restrictions in a few words, for the table ("1 per customer · Mon, Fri · 2 films"). */
function restrictionSummary(row: AdminPromoCode, options: Pick<PromoCodeList, "cinemas">): string {
  const parts: string[] = [];
  if (row.perCustomerLimit !== null) parts.push(`${row.perCustomerLimit} per customer`);
  if (row.minTickets > 1) parts.push(`${row.minTickets}+ tickets`);
  if (row.daysOfWeek.length) parts.push(row.daysOfWeek.map((day) => DAYS_OF_WEEK[day - 1]?.short).join(", "));
  if (row.ticketTypes.length) parts.push(row.ticketTypes.map((type) => type.charAt(0) + type.slice(1).toLowerCase()).join(", "));
  if (row.cinemaIds.length === 1) parts.push(options.cinemas.find((c) => c.id === row.cinemaIds[0])?.name ?? "1 cinema");
  else if (row.cinemaIds.length) parts.push(`${row.cinemaIds.length} cinemas`);
  if (row.filmIds.length) parts.push(row.filmIds.length === 1 ? "1 film" : `${row.filmIds.length} films`);
  return parts.join(" · ");
}

function PromoCodeRow({
  row,
  options,
  timeZone,
  busy,
  onEdit,
  onToggle,
}: {
  row: AdminPromoCode;
  options: Pick<PromoCodeList, "cinemas">;
  timeZone: string;
  busy: boolean;
  onEdit: () => void;
  onToggle: () => void;
}) {
  const badge = statusBadges[row.status];
  const discount = row.percentOff !== null ? `${row.percentOff}% off` : `${formatMoney(row.amountOff ?? 0, row.currency ?? "GBP")} off`;
  return (
    <TableRow data-promo-code={row.code}>
      <TableCell>
        <Badge variant="outline" className={badge.className}>
          {badge.label}
        </Badge>
      </TableCell>
      <TableCell className="max-w-xs">
        <div className="font-mono font-medium">{row.code}</div>
        <div className="text-muted-foreground truncate text-xs">{row.description}</div>
        {restrictionSummary(row, options) ? (
          <div className="truncate text-xs" data-cell="restrictions">
            {restrictionSummary(row, options)}
          </div>
        ) : null}
      </TableCell>
      <TableCell className="whitespace-nowrap">{discount}</TableCell>
      <TableCell className="text-sm whitespace-nowrap tabular-nums">
        <time dateTime={row.validFrom.toISOString()}>{formatDay(row.validFrom, timeZone)}</time> –{" "}
        <time dateTime={row.validUntil.toISOString()}>{formatDay(row.validUntil, timeZone)}</time>
      </TableCell>
      <TableCell className="text-right tabular-nums" data-cell="redemptions">
        {row.redemptions} / {row.maxRedemptions ?? "∞"}
      </TableCell>
      <TableCell className="text-right tabular-nums" data-cell="discount-given">
        {row.discountGiven.length === 0 ? "—" : row.discountGiven.map((given) => formatMoney(given.amount, given.currency)).join(", ")}
      </TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          <Button variant="ghost" size="icon" onClick={onEdit} aria-label={`Edit ${row.code}`} title="Edit">
            <Pencil aria-hidden />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            onClick={onToggle}
            disabled={busy}
            aria-label={row.active ? `Pause ${row.code}` : `Resume ${row.code}`}
            title={row.active ? "Pause" : "Resume"}
          >
            {busy ? <Loader2 className="animate-spin" aria-hidden /> : row.active ? <Pause aria-hidden /> : <Play aria-hidden />}
          </Button>
        </div>
      </TableCell>
    </TableRow>
  );
}
