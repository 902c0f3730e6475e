"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, LayoutGrid, Pencil, Plus } from "lucide-react";
import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { LoadError } from "@/components/layout/load-error";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { CinemaDialog, type EditableCinema } from "./cinema-dialog";

type CinemaList = RouterOutputs["admin"]["venues"]["listCinemas"];
const subscribeNever = () => () => {};

/** The admin's cinemas: each with its address, zone, currency and halls (links to the layout editor). */
export function CinemasManager({ initial, canEdit }: { initial: CinemaList; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery({ ...trpc.admin.venues.listCinemas.queryOptions(), initialData: initial, staleTime: 5_000 });
  const [dialog, setDialog] = useState<{ open: boolean; editing: EditableCinema | null }>({ open: false, editing: null });
  const reload = () => queryClient.invalidateQueries({ queryKey: trpc.admin.venues.listCinemas.queryKey() });
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);

  return (
    <div className="space-y-4" data-interactive={hydrated || undefined}>
      {canEdit ? (
        <div className="flex justify-end">
          <Button onClick={() => setDialog({ open: true, editing: null })}>
            <Plus aria-hidden /> New cinema
          </Button>
        </div>
      ) : null}
      {query.isError ? (
        <LoadError title="We couldn't load the cinemas" message={query.error.message} onRetry={() => query.refetch()} />
      ) : query.data.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
          <Building2 className="size-8" aria-hidden />
          <p className="text-foreground font-medium">No cinemas yet</p>
          <p className="text-sm">Create a cinema, then add its halls and build their seat layouts.</p>
        </div>
      ) : (
        <Table aria-label="Cinemas">
          <TableHeader>
            <TableRow>
              <TableHead>Cinema</TableHead>
              <TableHead>Address</TableHead>
              <TableHead>Time zone</TableHead>
              <TableHead>Currency</TableHead>
              <TableHead>Halls</TableHead>
              <TableHead className="w-24">
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {query.data.map((cinema) => (
              <TableRow key={cinema.id}>
                <TableCell>
                  <div className="font-medium">{cinema.name}</div>
                  <div className="text-muted-foreground font-mono text-xs">{cinema.slug}</div>
                </TableCell>
                <TableCell className="text-sm">
                  {cinema.address}, {cinema.city} {cinema.postcode}
                </TableCell>
                <TableCell className="text-sm">{cinema.timeZone}</TableCell>
                <TableCell className="font-mono text-sm">{cinema.currency}</TableCell>
                <TableCell>
                  <ul className="flex flex-wrap gap-1.5" aria-label={`Halls of ${cinema.name}`}>
                    {cinema.halls.map((hall) => (
                      <li key={hall.id}>
                        <Button asChild variant="outline" size="sm">
                          <Link href={`/admin/cinemas/${cinema.id}/halls/${hall.id}`}>
                            <LayoutGrid aria-hidden /> {hall.name}
                          </Link>
                        </Button>
                      </li>
                    ))}
                    {canEdit ? (
                      <li>
                        <Button asChild variant="ghost" size="sm">
                          <Link href={`/admin/cinemas/${cinema.id}/halls/new`} aria-label={`New hall in ${cinema.name}`}>
                            <Plus aria-hidden /> Hall
                          </Link>
                        </Button>
                      </li>
                    ) : null}
                  </ul>
                </TableCell>
                <TableCell>
                  {canEdit ? (
                    <Button variant="ghost" size="sm" aria-label={`Edit ${cinema.name}`} onClick={() => setDialog({ open: true, editing: cinema })}>
                      <Pencil aria-hidden /> Edit
                    </Button>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <CinemaDialog open={dialog.open} onOpenChange={(open) => setDialog((d) => ({ ...d, open }))} editing={dialog.editing} onSaved={reload} />
    </div>
  );
}
