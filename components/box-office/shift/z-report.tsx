"use client";

import { useQuery } from "@tanstack/react-query";
import { Printer } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import { CashTable, PrintOnlyReport, ReportTables, signedMoney, varianceTone } from "./report-view";

const num = "py-1 text-right tabular-nums";

/** A manager's Z report: every shift opened on a cinema's day, with the day's totals. */
export function ZReportView({
  cinemas,
  initialCinema,
  initialDate,
  threshold,
}: {
  cinemas: Array<{ slug: string; name: string }>;
  initialCinema: string;
  initialDate: string;
  threshold: number;
}) {
  const trpc = useTRPC();
  const [cinema, setCinema] = useState(initialCinema);
  const [date, setDate] = useState(initialDate);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && !!cinema;
  const report = useQuery({ ...trpc.shifts.zReport.queryOptions({ cinema, date }), enabled: valid });
  const z = report.data;
  return (
    <div className="space-y-4">
      <PrintOnlyReport />
      <form className="flex flex-wrap items-end gap-3 print:hidden" onSubmit={(event) => event.preventDefault()} aria-label="Choose the day">
        <div className="grid gap-1.5">
          <Label htmlFor="z-cinema">Cinema</Label>
          <select
            id="z-cinema"
            value={cinema}
            onChange={(event) => setCinema(event.target.value)}
            className="border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]"
          >
            {cinemas.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="z-date">Day</Label>
          <Input id="z-date" type="date" value={date} onChange={(event) => setDate(event.target.value)} className="w-44" />
        </div>
        <Button type="button" onClick={() => window.print()} disabled={!z}>
          <Printer aria-hidden /> Print
        </Button>
      </form>
      {!valid ? null : report.isPending ? (
        <Skeleton className="h-96 w-full" />
      ) : report.isError ? (
        <LoadError title="We couldn't load the Z report" message={report.error.message} onRetry={() => report.refetch()} />
      ) : z ? (
        <Card data-print-area data-testid="z-report" className="print:border-0 print:shadow-none">
          <CardHeader className="pb-2">
            <CardTitle className="flex flex-wrap items-center gap-2 text-lg">
              Z report · {z.cinema.name}
              {z.openShifts ? <Badge variant="secondary">{z.openShifts} still open</Badge> : <Badge variant="outline">All shifts closed</Badge>}
            </CardTitle>
            <CardDescription>
              {formatLongDate(new Date(`${z.date}T12:00:00Z`), z.cinema.timeZone)} · shifts opened that day ({z.cinema.timeZone}) · printed{" "}
              {formatTime(z.generatedAt, z.cinema.timeZone)}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            {z.shifts.length === 0 ? (
              <p className="text-muted-foreground text-sm">No shifts were opened that day.</p>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Till</TableHead>
                    <TableHead>Staff</TableHead>
                    <TableHead>Time</TableHead>
                    <TableHead className="text-right">Cash sales</TableHead>
                    <TableHead className="text-right">Expected</TableHead>
                    <TableHead className="text-right">Counted</TableHead>
                    <TableHead className="text-right">Variance</TableHead>
                    <TableHead>Sign-off</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {z.shifts.map((s) => (
                    <TableRow key={s.id}>
                      <TableCell className="py-1">
                        <Link href={`/box-office/shift/${s.id}`} className="underline-offset-4 hover:underline">
                          {s.tillName}
                        </Link>
                      </TableCell>
                      <TableCell className="py-1">{s.staffName}</TableCell>
                      <TableCell className="py-1 tabular-nums">
                        {formatTime(s.openedAt, s.timeZone)}–{s.closedAt ? formatTime(s.closedAt, s.timeZone) : "open"}
                      </TableCell>
                      <TableCell className={num}>{formatMoney(s.cash.cashSales, s.currency)}</TableCell>
                      <TableCell className={num}>{formatMoney(s.cash.expected, s.currency)}</TableCell>
                      <TableCell className={num}>{s.countedCashAmount === null ? "—" : formatMoney(s.countedCashAmount, s.currency)}</TableCell>
                      <TableCell className={cn(num, s.varianceAmount !== null && varianceTone(s.varianceAmount, threshold))}>
                        {s.varianceAmount === null ? "—" : signedMoney(s.varianceAmount, s.currency)}
                      </TableCell>
                      <TableCell className="py-1 text-sm">
                        {s.varianceApprovedByName ? `Signed off: ${s.varianceApprovedByName}` : s.needsSignOff ? <Badge variant="destructive">Needs sign-off</Badge> : "—"}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <div className="grid gap-5 md:grid-cols-2 print:grid-cols-1">
              <section className="space-y-1">
                <h3 className="text-sm font-semibold">Cash, all drawers</h3>
                <CashTable cash={z.cash} currency={z.currency}>
                  <TableRow>
                    <TableCell className="py-1">Counted (closed shifts)</TableCell>
                    <TableCell className={num}>{formatMoney(z.countedCash, z.currency)}</TableCell>
                  </TableRow>
                  <TableRow className="font-semibold">
                    <TableCell className="py-1">Variance (closed shifts)</TableCell>
                    <TableCell className={cn(num, varianceTone(z.variance, threshold))}>{signedMoney(z.variance, z.currency)}</TableCell>
                  </TableRow>
                </CashTable>
              </section>
            </div>
            <ReportTables body={z} />
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
