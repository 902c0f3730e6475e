"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ImageIcon, Loader2, Pause, Pencil, Play, Plus, RectangleHorizontal, Trash2 } from "lucide-react";
import { useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { AdvertDialog, placementLabels } from "@/components/admin/advert-dialog";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { AdvertPlacement } from "@/server/db/generated/enums";
import { formatDay, formatTime } from "@/server/format";
import type { AdminAdvert, AdvertList, AdvertListInput, AdvertStatus } from "@/server/programme/schemas";

type When = NonNullable<AdvertListInput["when"]> | "any";
const whenLabels: Record<When, string> = { any: "Any time", live: "Running now", scheduled: "Scheduled", ended: "Ended" };
const ALL = "any";
const subscribeNever = () => () => {};

const statusBadges: Record<AdvertStatus, { label: string; className: string }> = {
  live: { label: "Live now", className: "border-transparent bg-emerald-600 text-white" },
  paused: { label: "Paused", className: "border-transparent bg-amber-600 text-white" },
  scheduled: { label: "Scheduled", className: "border-transparent bg-sky-600 text-white" },
  ended: { label: "Ended", className: "text-muted-foreground" },
};

/** The admin's adverts: filters, a dense table, and the create, edit, pause/resume and delete actions. */
export function AdvertsManager({ initial }: { initial: AdvertList }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [when, setWhen] = useState<When>("any");
  const [placement, setPlacement] = useState<string>(ALL);
  const input: AdvertListInput = {
    ...(when === "any" ? {} : { when }),
    ...(placement === ALL ? {} : { placement: placement as AdvertPlacement }),
  };
  const unfiltered = when === "any" && placement === ALL;
  const query = useQuery({
    ...trpc.admin.adverts.list.queryOptions(input),
    initialData: unfiltered ? initial : undefined,
    staleTime: 5_000,
  });
  const [dialog, setDialog] = useState<{ open: boolean; editing: AdminAdvert | null }>({ open: false, editing: null });
  const [deleting, setDeleting] = useState<AdminAdvert | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.admin.adverts.list.queryKey() });
  const timeZone = query.data?.timeZone ?? initial.timeZone;
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const settle = (done: string) => ({
    onSuccess: async () => {
      toast.success(done);
      await reload();
    },
    onError: async (error: { message: string }) => {
      toast.error(error.message);
      await reload();
    },
  });
  const pause = useMutation(trpc.admin.adverts.pause.mutationOptions(settle("Advert paused.")));
  const resume = useMutation(trpc.admin.adverts.resume.mutationOptions(settle("Advert resumed.")));

  return (
    <div className="space-y-4" data-interactive={hydrated || undefined}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex flex-wrap items-end gap-3">
          <label className="grid gap-1 text-sm font-medium">
            <span id="filter-when">When</span>
            <Select value={when} onValueChange={(value) => setWhen(value as When)}>
              <SelectTrigger className="w-36" aria-labelledby="filter-when">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {(Object.keys(whenLabels) as When[]).map((value) => (
                  <SelectItem key={value} value={value}>
                    {whenLabels[value]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </label>
          <label className="grid gap-1 text-sm font-medium">
            <span id="filter-placement">Placement</span>
            <Select value={placement} onValueChange={setPlacement}>
              <SelectTrigger className="w-44" aria-labelledby="filter-placement">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>Any placement</SelectItem>
                {Object.values(AdvertPlacement).map((value) => (
                  <SelectItem key={value} value={value}>
                    {placementLabels[value]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </label>
          {query.isFetching ? <Loader2 className="text-muted-foreground mb-2 size-4 animate-spin" aria-label="Loading" /> : null}
        </div>
        <Button onClick={() => setDialog({ open: true, editing: null })}>
          <Plus aria-hidden /> New advert
        </Button>
      </div>

      {query.isError ? (
        <LoadError title="We couldn't load the adverts" message={query.error.message} onRetry={() => query.refetch()} />
      ) : query.isPending ? (
        <div className="space-y-2" aria-busy="true">
          <p className="sr-only" role="status">
            Loading…
          </p>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} className="h-10 w-full" />
          ))}
        </div>
      ) : query.data.adverts.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <RectangleHorizontal className="size-8" aria-hidden />
          <p className="text-foreground font-medium">{unfiltered ? "No adverts yet" : "No adverts match these filters"}</p>
          <p className="text-sm">Adverts appear in their placement between their start and end while active.</p>
        </div>
      ) : (
        <Table aria-label="Adverts">
          <TableHeader>
            <TableRow>
              <TableHead className="w-20">
                <span className="sr-only">Image</span>
              </TableHead>
              <TableHead className="w-24">Status</TableHead>
              <TableHead>Title</TableHead>
              <TableHead>Placement</TableHead>
              <TableHead className="text-right">Priority</TableHead>
              <TableHead>Window</TableHead>
              <TableHead className="w-32">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {query.data.adverts.map((row) => {
              const badge = statusBadges[row.status];
              const busy = pause.isPending || resume.isPending;
              return (
                <TableRow key={row.id} data-advert-id={row.id}>
                  <TableCell>
                    <div className="bg-muted flex h-9 w-16 items-center justify-center overflow-hidden rounded">
                      {row.imageUrl ? (
                        // eslint-disable-next-line @next/next/no-img-element -- a stored rendition as a thumbnail
                        <img src={row.imageUrl} alt="" className="h-full w-full object-cover" loading="lazy" />
                      ) : (
                        <ImageIcon className="text-muted-foreground size-4" aria-label="No image" />
                      )}
                    </div>
                  </TableCell>
                  <TableCell>
                    <Badge variant="outline" className={badge.className}>
                      {badge.label}
                    </Badge>
                  </TableCell>
                  <TableCell className="max-w-xs">
                    <span className="line-clamp-1 font-medium whitespace-normal">{row.title}</span>
                    {row.linkUrl ? <span className="text-muted-foreground line-clamp-1 text-xs">{row.linkUrl}</span> : null}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{placementLabels[row.placement]}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.priority}</TableCell>
                  <TableCell className="text-sm">
                    {at(row.startsAt, timeZone)} – {at(row.endsAt, timeZone)}
                  </TableCell>
                  <TableCell>
                    <div className="flex justify-end gap-1">
                      {row.active ? (
                        <Button variant="ghost" size="icon" disabled={busy} onClick={() => pause.mutate({ id: row.id, version: row.version })} aria-label={`Pause “${row.title}”`} title="Pause">
                          <Pause aria-hidden />
                        </Button>
                      ) : (
                        <Button variant="ghost" size="icon" disabled={busy} onClick={() => resume.mutate({ id: row.id, version: row.version })} aria-label={`Resume “${row.title}”`} title="Resume">
                          <Play aria-hidden />
                        </Button>
                      )}
                      <Button variant="ghost" size="icon" onClick={() => setDialog({ open: true, editing: row })} aria-label={`Edit “${row.title}”`} title="Edit">
                        <Pencil aria-hidden />
                      </Button>
                      <Button variant="ghost" size="icon" onClick={() => setDeleting(row)} aria-label={`Delete “${row.title}”`} title="Delete">
                        <Trash2 aria-hidden />
                      </Button>
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      <AdvertDialog
        open={dialog.open}
        onOpenChange={(open) => setDialog((current) => ({ ...current, open }))}
        editing={dialog.editing}
        timeZone={timeZone}
        options={query.data ?? initial}
        onSaved={reload}
      />
      <DeleteDialog row={deleting} onClose={() => setDeleting(null)} onDeleted={reload} />
    </div>
  );
}

function at(date: Date, timeZone: string) {
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {formatDay(date, timeZone)}, {formatTime(date, timeZone)}
    </time>
  );
}

function DeleteDialog({ row, onClose, onDeleted }: { row: AdminAdvert | null; onClose: () => void; onDeleted: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const remove = useMutation(
    trpc.admin.adverts.delete.mutationOptions({
      onSuccess: async () => {
        toast.success("Advert deleted.");
        onClose();
        await onDeleted();
      },
      onError: async (error) => {
        toast.error(error.message);
        onClose();
        await onDeleted();
      },
    }),
  );
  return (
    <Dialog open={row !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete this advert?</DialogTitle>
          <DialogDescription>It disappears from the site at once. The audit log keeps a copy of it. To take it down for a while, pause it instead.</DialogDescription>
        </DialogHeader>
        {row ? <p className="bg-muted rounded-md px-3 py-2 text-sm">{row.title}</p> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="outline" disabled={remove.isPending} autoFocus>
              Keep it
            </Button>
          </DialogClose>
          <Button
            variant="destructive"
            disabled={remove.isPending || row === null}
            aria-busy={remove.isPending}
            onClick={() => row && remove.mutate({ id: row.id, version: row.version })}
          >
            {remove.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Trash2 aria-hidden />}
            Delete
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
