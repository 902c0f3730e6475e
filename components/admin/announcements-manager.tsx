"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Info, Loader2, Megaphone, Pencil, Plus, Trash2, TriangleAlert } from "lucide-react";
import { useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { AnnouncementDialog, severityLabels } from "@/components/admin/announcement-dialog";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import { formatDay, formatTime } from "@/server/format";
import type { AdminAnnouncement, AnnouncementList, AnnouncementListInput, AnnouncementStatus } from "@/server/programme/schemas";

type When = NonNullable<AnnouncementListInput["when"]> | "any";
const whenLabels: Record<When, string> = { any: "Any time", current: "Live now", scheduled: "Scheduled", past: "Ended" };
const ALL = "any";
const CHAIN = "chain";
const subscribeNever = () => () => {};

const statusBadges: Record<AnnouncementStatus, { label: string; className: string }> = {
  live: { label: "Live now", className: "border-transparent bg-emerald-600 text-white" },
  scheduled: { label: "Scheduled", className: "border-transparent bg-sky-600 text-white" },
  ended: { label: "Ended", className: "text-muted-foreground" },
};

/** The admin's announcements: filters, a dense table, and the create, edit and delete dialogs. */
export function AnnouncementsManager({ initial }: { initial: AnnouncementList }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [when, setWhen] = useState<When>("any");
  const [cinemaFilter, setCinemaFilter] = useState<string>(ALL);
  const input: AnnouncementListInput = {
    ...(when === "any" ? {} : { when }),
    ...(cinemaFilter === ALL ? {} : { cinemaId: cinemaFilter === CHAIN ? null : cinemaFilter }),
  };
  const unfiltered = when === "any" && cinemaFilter === ALL;
  const query = useQuery({
    ...trpc.admin.announcements.list.queryOptions(input),
    initialData: unfiltered ? initial : undefined,
    staleTime: 5_000,
  });
  const [dialog, setDialog] = useState<{ open: boolean; editing: AdminAnnouncement | null }>({ open: false, editing: null });
  const [deleting, setDeleting] = useState<AdminAnnouncement | null>(null);
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.admin.announcements.list.queryKey() });
  const cinemas = query.data?.cinemas ?? initial.cinemas;
  const chainTimeZone = query.data?.chainTimeZone ?? initial.chainTimeZone;
  // True once hydrated: before that the buttons do nothing, and tests wait for data-interactive.
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);

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
            <span id="filter-cinema">Cinema</span>
            <Select value={cinemaFilter} onValueChange={setCinemaFilter}>
              <SelectTrigger className="w-48" aria-labelledby="filter-cinema">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ALL}>Any cinema</SelectItem>
                <SelectItem value={CHAIN}>All cinemas (chain-wide)</SelectItem>
                {cinemas.map((cinema) => (
                  <SelectItem key={cinema.id} value={cinema.id}>
                    {cinema.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </label>
          {query.isFetching ? <Loader2 className="text-muted-foreground mb-2 size-4 animate-spin" aria-label="Loading" /> : null}
        </div>
        <Button onClick={() => setDialog({ open: true, editing: null })}>
          <Plus aria-hidden /> New announcement
        </Button>
      </div>

      {query.isError ? (
        <LoadError title="We couldn't load the announcements" message={query.error.message} onRetry={() => query.refetch()} />
      ) : query.isPending ? (
        <div className="space-y-2" aria-busy="true">
          <p className="sr-only" role="status">
            Loading…
          </p>
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} className="h-10 w-full" />
          ))}
        </div>
      ) : query.data.announcements.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Megaphone className="size-8" aria-hidden />
          <p className="text-foreground font-medium">{unfiltered ? "No announcements yet" : "No announcements match these filters"}</p>
          <p className="text-sm">Announcements appear at the top of the home page between their start and end.</p>
        </div>
      ) : (
        <Table aria-label="Announcements">
          <TableHeader>
            <TableRow>
              <TableHead className="w-28">Status</TableHead>
              <TableHead>Message</TableHead>
              <TableHead>Cinema</TableHead>
              <TableHead>Starts</TableHead>
              <TableHead>Ends</TableHead>
              <TableHead className="w-24">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {query.data.announcements.map((row) => (
              <AnnouncementRow
                key={row.id}
                row={row}
                onEdit={() => setDialog({ open: true, editing: row })}
                onDelete={() => setDeleting(row)}
              />
            ))}
          </TableBody>
        </Table>
      )}

      <AnnouncementDialog
        open={dialog.open}
        onOpenChange={(open) => setDialog((current) => ({ ...current, open }))}
        editing={dialog.editing}
        cinemas={cinemas}
        chainTimeZone={chainTimeZone}
        onSaved={reload}
        onReload={reload}
      />
      <DeleteDialog row={deleting} onClose={() => setDeleting(null)} onDeleted={reload} />
    </div>
  );
}

function when(date: Date, timeZone: string) {
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap tabular-nums">
      {formatDay(date, timeZone)}, {formatTime(date, timeZone)}
    </time>
  );
}

function AnnouncementRow({ row, onEdit, onDelete }: { row: AdminAnnouncement; onEdit: () => void; onDelete: () => void }) {
  const badge = statusBadges[row.status];
  const SeverityIcon = row.severity === "WARNING" ? TriangleAlert : Info;
  return (
    <TableRow data-announcement-id={row.id}>
      <TableCell>
        <Badge variant="outline" className={badge.className}>
          {badge.label}
        </Badge>
      </TableCell>
      <TableCell className="max-w-md">
        <div className="flex items-start gap-2">
          <SeverityIcon
            className={cn("mt-0.5 size-4 shrink-0", row.severity === "WARNING" ? "text-amber-600" : "text-primary")}
            aria-label={severityLabels[row.severity]}
          />
          <span className="line-clamp-2 whitespace-normal">{row.message}</span>
        </div>
      </TableCell>
      <TableCell className="whitespace-nowrap">{row.cinema?.name ?? "All cinemas"}</TableCell>
      <TableCell>{when(row.startsAt, row.timeZone)}</TableCell>
      <TableCell>{when(row.endsAt, row.timeZone)}</TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          <Button variant="ghost" size="icon" onClick={onEdit} aria-label={`Edit “${row.message}”`} title="Edit">
            <Pencil aria-hidden />
          </Button>
          <Button variant="ghost" size="icon" onClick={onDelete} aria-label={`Delete “${row.message}”`} title="Delete">
            <Trash2 aria-hidden />
          </Button>
        </div>
      </TableCell>
    </TableRow>
  );
}

function DeleteDialog({ row, onClose, onDeleted }: { row: AdminAnnouncement | null; onClose: () => void; onDeleted: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const remove = useMutation(
    trpc.admin.announcements.delete.mutationOptions({
      onSuccess: async () => {
        toast.success("Announcement deleted.");
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
          <DialogTitle>Delete this announcement?</DialogTitle>
          <DialogDescription>It disappears from the site at once. The audit log keeps a copy of what it said.</DialogDescription>
        </DialogHeader>
        {row ? <p className="bg-muted rounded-md px-3 py-2 text-sm">{row.message}</p> : null}
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
