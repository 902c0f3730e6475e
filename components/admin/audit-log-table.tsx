import { ScrollText } from "lucide-react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/trpc/types";

type Entry = RouterOutputs["admin"]["auditLog"][number];

export function AuditLogTable({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) {
    return (
      <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed py-12">
        <ScrollText className="size-8" aria-hidden />
        <p>No staff or admin actions recorded yet.</p>
      </div>
    );
  }
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>When</TableHead>
          <TableHead>Who</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Details</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.id}>
            <TableCell className="tabular-nums">{entry.createdAt.toLocaleString("en-GB", { timeZone: "Europe/London" })}</TableCell>
            <TableCell>{entry.actor ? `${entry.actor.name} (${entry.actor.email})` : "System"}</TableCell>
            <TableCell>
              <code className="text-xs">{entry.action}</code>
            </TableCell>
            <TableCell className="max-w-md truncate text-xs">
              <code>{JSON.stringify(entry.details)}</code>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
