import { BellRing } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { DayOverview } from "@/components/box-office/day-overview";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Box office" };

export default async function BoxOfficePage({ searchParams }: PageProps<"/box-office">) {
  await requirePageRole("STAFF", "/box-office");
  const params = await searchParams;
  const cinemaSlug = typeof params.cinema === "string" ? params.cinema : undefined;
  const date = typeof params.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(params.date) ? params.date : undefined;
  const api = await serverApi();
  const [cinemas, overview, attention] = await Promise.all([
    api.boxOffice.cinemas(),
    api.boxOffice.dayOverview({ cinemaSlug, date }),
    api.boxOffice.attention(),
  ]);
  return (
    <div className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6">
      <PageHeader title="Box office" description="Today's screenings and how full they are.">
        <Button asChild variant={attention.length ? "default" : "outline"}>
          <Link href="/box-office/attention">
            <BellRing aria-hidden /> Needs attention{attention.length ? ` (${attention.length})` : ""}
          </Link>
        </Button>
      </PageHeader>
      <DayOverview cinemas={cinemas} overview={overview} />
    </div>
  );
}
