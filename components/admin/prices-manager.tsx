"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Archive, ArchiveRestore, Loader2, Pencil, Plus, Tags } from "lucide-react";
import { useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { formatLabels } from "@/server/catalogue/labels";
import { formatMoney } from "@/server/format";
import type { AdminPricePlan, AdminTicketType, PricesOverview } from "@/server/prices/schemas";
import { PricePlanDialog } from "./price-plan-dialog";
import { feeModeLabels, shortBandLabels } from "./price-labels";
import { TicketTypeDialog } from "./ticket-type-dialog";

const subscribeNever = () => () => {};

/**
 * The admin's prices for one cinema: its ticket types (add, edit, retire, reorder) and its price plans (a dense grid
 * of prices per ticket type, surcharges and the booking fee). Staff see the same tables without the actions.
 */
export function PricesManager({ initial, canEdit }: { initial: PricesOverview; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cinemaId, setCinemaId] = useState(initial.cinemaId);
  const query = useQuery({
    ...trpc.admin.prices.overview.queryOptions(cinemaId ? { cinemaId } : {}),
    initialData: cinemaId === initial.cinemaId ? initial : undefined,
    staleTime: 5_000,
  });
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.admin.prices.overview.queryKey() });
  const [typeDialog, setTypeDialog] = useState<{ open: boolean; editing: AdminTicketType | null }>({ open: false, editing: null });
  const [planDialog, setPlanDialog] = useState<{ open: boolean; editing: AdminPricePlan | null }>({ open: false, editing: null });
  const onFailure = async (error: { message: string }) => {
    toast.error(error.message);
    await reload();
  };
  const setActive = useMutation(
    trpc.admin.prices.setTicketTypeActive.mutationOptions({
      onSuccess: async (row) => {
        toast.success(row.active ? `${row.name} is on sale again.` : `${row.name} retired: checkout no longer offers it.`);
        await reload();
      },
      onError: onFailure,
    }),
  );
  const reorder = useMutation(
    trpc.admin.prices.reorderTicketTypes.mutationOptions({ onSuccess: () => reload(), onError: onFailure }),
  );
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const cinemas = query.data?.cinemas ?? initial.cinemas;
  const data = query.data;
  const types = data?.ticketTypes ?? [];
  const currency = data?.pricePlans[0]?.currency ?? "GBP";

  const move = (index: number, by: -1 | 1) => {
    const order = types.map((t) => ({ id: t.id, version: t.version }));
    const [moved] = order.splice(index, 1);
    order.splice(index + by, 0, moved!);
    reorder.mutate({ cinemaId: cinemaId!, order });
  };

  if (!cinemaId) {
    return <p className="text-muted-foreground rounded-lg border border-dashed px-6 py-12 text-center">Add a cinema first: prices belong to a cinema.</p>;
  }

  return (
    <div className="space-y-8" data-interactive={hydrated || undefined}>
      <div className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm font-medium">
          <span id="prices-cinema">Cinema</span>
          <Select value={cinemaId} onValueChange={setCinemaId}>
            <SelectTrigger className="w-64" aria-labelledby="prices-cinema">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {cinemas.map((cinema) => (
                <SelectItem key={cinema.id} value={cinema.id}>
                  {cinema.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </label>
        {query.isFetching ? <Loader2 className="text-muted-foreground mb-2 size-4 animate-spin" aria-label="Loading" /> : null}
        {!canEdit ? <p className="text-muted-foreground mb-2 text-sm">Read only: admins change prices.</p> : null}
      </div>

      {query.isError ? (
        <LoadError title="We couldn't load the prices" message={query.error.message} onRetry={() => query.refetch()} />
      ) : !data ? (
        <div className="space-y-2" aria-busy="true">
          <p className="sr-only" role="status">
            Loading…
          </p>
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} className="h-9 w-full" />
          ))}
        </div>
      ) : (
        <>
          <section aria-labelledby="ticket-types-heading" className="space-y-3">
            <div className="flex items-end justify-between gap-3">
              <div>
                <h3 id="ticket-types-heading" className="font-semibold">
                  Ticket types
                </h3>
                <p className="text-muted-foreground text-sm">What customers choose per seat at checkout, in this order, with the note shown beside it.</p>
              </div>
              {canEdit ? (
                <Button size="sm" onClick={() => setTypeDialog({ open: true, editing: null })}>
                  <Plus aria-hidden /> New ticket type
                </Button>
              ) : null}
            </div>
            <Table aria-label="Ticket types" className="text-sm">
              <TableHeader>
                <TableRow>
                  {canEdit ? <TableHead className="w-20">Order</TableHead> : null}
                  <TableHead>Name</TableHead>
                  <TableHead>Code</TableHead>
                  <TableHead>Note at checkout</TableHead>
                  <TableHead className="w-24">Status</TableHead>
                  <TableHead className="text-right">Tickets</TableHead>
                  {canEdit ? (
                    <TableHead className="w-24">
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  ) : null}
                </TableRow>
              </TableHeader>
              <TableBody>
                {types.map((type, index) => (
                  <TableRow key={type.id} data-ticket-type={type.code} className={type.active ? undefined : "text-muted-foreground"}>
                    {canEdit ? (
                      <TableCell className="py-1">
                        <div className="flex gap-0.5">
                          <Button variant="ghost" size="icon" className="size-7" disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)} aria-label={`Move ${type.name} up`}>
                            <ArrowUp aria-hidden />
                          </Button>
                          <Button
                            variant="ghost"
                            size="icon"
                            className="size-7"
                            disabled={index === types.length - 1 || reorder.isPending}
                            onClick={() => move(index, 1)}
                            aria-label={`Move ${type.name} down`}
                          >
                            <ArrowDown aria-hidden />
                          </Button>
                        </div>
                      </TableCell>
                    ) : null}
                    <TableCell className="font-medium">{type.name}</TableCell>
                    <TableCell className="font-mono text-xs">{type.code}</TableCell>
                    <TableCell className="max-w-sm truncate">{type.note ?? "—"}</TableCell>
                    <TableCell>
                      {type.active ? (
                        <Badge variant="outline" className="border-transparent bg-emerald-600 text-white">
                          On sale
                        </Badge>
                      ) : (
                        <Badge variant="outline">Retired</Badge>
                      )}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{type.ticketsCount}</TableCell>
                    {canEdit ? (
                      <TableCell className="py-1">
                        <div className="flex justify-end gap-1">
                          <Button variant="ghost" size="icon" className="size-7" onClick={() => setTypeDialog({ open: true, editing: type })} aria-label={`Edit ${type.name}`} title="Edit">
                            <Pencil aria-hidden />
                          </Button>
                          <Button
                            variant="ghost"
                            size="icon"
                            className="size-7"
                            disabled={setActive.isPending && setActive.variables?.id === type.id}
                            onClick={() => setActive.mutate({ id: type.id, version: type.version, active: !type.active })}
                            aria-label={type.active ? `Retire ${type.name}` : `Put ${type.name} back on sale`}
                            title={type.active ? "Retire" : "Put back on sale"}
                          >
                            {type.active ? <Archive aria-hidden /> : <ArchiveRestore aria-hidden />}
                          </Button>
                        </div>
                      </TableCell>
                    ) : null}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </section>

          <section aria-labelledby="price-plans-heading" className="space-y-3">
            <div className="flex items-end justify-between gap-3">
              <div>
                <h3 id="price-plans-heading" className="font-semibold">
                  Price plans
                </h3>
                <p className="text-muted-foreground text-sm">
                  Each screening sells on one plan; a new screening is offered the plan that fits its time band and format. Changes apply to new orders only.
                </p>
              </div>
              {canEdit ? (
                <Button size="sm" onClick={() => setPlanDialog({ open: true, editing: null })}>
                  <Plus aria-hidden /> New price plan
                </Button>
              ) : null}
            </div>
            {data.pricePlans.length === 0 ? (
              <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-10 text-center">
                <Tags className="size-8" aria-hidden />
                <p className="text-foreground font-medium">No price plans yet</p>
                <p className="text-sm">Screenings need a plan to be sold.</p>
              </div>
            ) : (
              <div className="overflow-x-auto">
                <Table aria-label="Price plans" className="text-sm">
                  <TableHeader>
                    <TableRow>
                      <TableHead>Plan</TableHead>
                      <TableHead>Band</TableHead>
                      <TableHead>Format</TableHead>
                      {types.map((type) => (
                        <TableHead key={type.code} className="text-right">
                          {type.name}
                        </TableHead>
                      ))}
                      <TableHead className="text-right">Surcharges</TableHead>
                      <TableHead className="text-right">Booking fee</TableHead>
                      <TableHead className="text-right">Upcoming</TableHead>
                      {canEdit ? (
                        <TableHead className="w-12">
                          <span className="sr-only">Actions</span>
                        </TableHead>
                      ) : null}
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {data.pricePlans.map((plan) => (
                      <PlanRow key={plan.id} plan={plan} types={types} canEdit={canEdit} onEdit={() => setPlanDialog({ open: true, editing: plan })} />
                    ))}
                  </TableBody>
                </Table>
              </div>
            )}
          </section>
        </>
      )}

      {canEdit ? (
        <>
          <TicketTypeDialog
            open={typeDialog.open}
            onOpenChange={(open) => setTypeDialog((current) => ({ ...current, open }))}
            cinemaId={cinemaId}
            editing={typeDialog.editing}
            nextSortOrder={(Math.max(0, ...types.map((t) => t.sortOrder)) + 10)}
            onSaved={reload}
          />
          <PricePlanDialog
            open={planDialog.open}
            onOpenChange={(open) => setPlanDialog((current) => ({ ...current, open }))}
            cinemaId={cinemaId}
            editing={planDialog.editing}
            ticketTypes={types}
            currency={currency}
            onSaved={reload}
          />
        </>
      ) : null}
    </div>
  );
}

function PlanRow({ plan, types, canEdit, onEdit }: { plan: AdminPricePlan; types: AdminTicketType[]; canEdit: boolean; onEdit: () => void }) {
  const money = (amount: number) => formatMoney(amount, plan.currency);
  const surcharges = [
    ...plan.seatKindSurcharges.filter((s) => s.amount > 0).map((s) => `${s.seatKind.toLowerCase()} +${money(s.amount)}`),
    ...plan.formatSurcharges.filter((f) => f.amount > 0).map((f) => `${formatLabels[f.format]} +${money(f.amount)}`),
  ];
  return (
    <TableRow data-price-plan={plan.name} className={plan.active ? undefined : "text-muted-foreground"}>
      <TableCell className="font-medium whitespace-nowrap">
        {plan.name}
        {plan.active ? null : <span className="ml-2 text-xs font-normal">(inactive)</span>}
      </TableCell>
      <TableCell className="whitespace-nowrap">{shortBandLabels[plan.band]}</TableCell>
      <TableCell>{plan.format ? formatLabels[plan.format] : "Any"}</TableCell>
      {types.map((type) => {
        const price = plan.ticketPrices.find((p) => p.ticketType === type.code);
        return (
          <TableCell key={type.code} className="text-right tabular-nums" data-cell={type.code}>
            {price ? money(price.amount) : "—"}
          </TableCell>
        );
      })}
      <TableCell className="text-muted-foreground text-right text-xs">{surcharges.join(", ") || "—"}</TableCell>
      <TableCell className="text-right whitespace-nowrap tabular-nums">
        {plan.bookingFeeAmount > 0 ? `${money(plan.bookingFeeAmount)} ${feeModeLabels[plan.bookingFeeMode].toLowerCase()}` : "—"}
      </TableCell>
      <TableCell className="text-right tabular-nums">{plan.upcomingScreenings}</TableCell>
      {canEdit ? (
        <TableCell className="py-1">
          <Button variant="ghost" size="icon" className="size-7" onClick={onEdit} aria-label={`Edit ${plan.name}`} title="Edit">
            <Pencil aria-hidden />
          </Button>
        </TableCell>
      ) : null}
    </TableRow>
  );
}
