import type { Metadata } from "next";
import { ZReportView } from "@/components/box-office/shift/z-report";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";
import { services } from "@/server/services";

export const metadata: Metadata = { title: "Z report · Box office" };

export default async function ZReportPage() {
  await requirePageRole("MANAGER", "/box-office/shift/z");
  const api = await serverApi();
  const [cinemas, tills] = await Promise.all([api.boxOffice.cinemas(), api.shifts.tills()]);
  const home = tills.cinema;
  const initialCinema = home?.slug ?? cinemas[0]?.slug ?? "";
  const zone = home?.timeZone ?? cinemas[0]?.timeZone ?? "Europe/London";
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  return (
    <div className="space-y-4">
      <PageHeader title="Z report" description="Every shift opened on the cinema's day, with the day's takings, refunds and cash." />
      <ZReportView cinemas={cinemas} initialCinema={initialCinema} initialDate={today} threshold={services().shifts.options.varianceThreshold} />
    </div>
  );
}
