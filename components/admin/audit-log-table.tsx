"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import Link from "next/link";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterInputs, RouterOutputs } from "@/lib/trpc/types";
import { LoadMore, startingWith } from "./load-more";

type AuditPage = RouterOutputs["admin"]["auditLog"];
type Entry = AuditPage["entries"][number];
export type AuditFilter = Omit<RouterInputs["admin"]["auditLog"], "cursor">;

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Europe/London" });

/** The audit trail under the page's filters, newest first, a page at a time. */
export function AuditTrail({ filter, firstPage, filtered }: { filter: AuditFilter; firstPage: AuditPage; filtered: boolean }) {
  const trpc = useTRPC();
  const trail = useInfiniteQuery(
    trpc.admin.auditLog.infiniteQueryOptions(filter, startingWith(firstPage)),
  );
  const entries = trail.data?.pages.flatMap((page) => page.entries) ?? [];

  if (entries.length === 0) {
    return (
      <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed py-12" role="status">
        <ScrollText className="size-8" aria-hidden />
        {filtered ? (
          <>
            <p>No actions match these filters.</p>
            <Link href="/admin/audit" className="text-foreground font-medium underline underline-offset-4">
              Show every action
            </Link>
          </>
        ) : (
          <p>No staff or admin actions recorded yet.</p>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <Table aria-label="Audit log" className="text-xs sm:text-sm">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>About</TableHead>
            <TableHead>Change</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={entry.id} data-testid="audit-row">
              <TableCell className="py-1.5 whitespace-nowrap tabular-nums">{when.format(entry.createdAt)}</TableCell>
              <TableCell className="py-1.5">{entry.actor ? `${entry.actor.name} (${entry.actor.email})` : "System"}</TableCell>
              <TableCell className="py-1.5">
                <code>{entry.action}</code>
              </TableCell>
              <TableCell className="min-w-48 py-1.5 whitespace-normal">
                <span className="text-muted-foreground">{entry.entityType}</span>{" "}
                {entry.entityLabel ?? (entry.entityId ? <code className="break-all">{entry.entityId}</code> : null)}
              </TableCell>
              <TableCell className="max-w-md min-w-56 py-1.5 whitespace-normal break-words">
                <Change details={entry.details} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMore list={trail} label="Load older actions" />
    </div>
  );
}

type Fields = Record<string, unknown>;
const isFields = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const show = (value: unknown) =>
  value === null || value === undefined
    ? "—"
    : typeof value !== "string"
      ? JSON.stringify(value)
      : isoInstant.test(value)
        ? when.format(new Date(value))
        : value;

/** `{ before, after }` as one line per field that changed ("role: CUSTOMER → STAFF"); anything else as it is. */
function Change({ details }: { details: Entry["details"] }) {
  if (isFields(details) && "after" in details && (details.before === null || isFields(details.before)) && isFields(details.after)) {
    const before = details.before ?? {};
    const after = details.after;
    const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const rest = Object.fromEntries(Object.entries(details).filter(([key]) => key !== "before" && key !== "after"));
    return (
      <ul className="space-y-0.5">
        {fields.map((field) => (
          <li key={field}>
            <span className="text-muted-foreground">{field}:</span>{" "}
            {details.before === null ? show(after[field]) : `${show(before[field])} → ${show(after[field])}`}
          </li>
        ))}
        {Object.keys(rest).length ? <li className="text-muted-foreground truncate">{JSON.stringify(rest)}</li> : null}
      </ul>
    );
  }
  if (isFields(details) && Object.keys(details).length === 0) return <span className="text-muted-foreground">—</span>;
  return <code className="block truncate">{JSON.stringify(details)}</code>;
}
