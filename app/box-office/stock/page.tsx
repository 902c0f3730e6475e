import type { Metadata } from "next";
import { StockScreen } from "@/components/box-office/stock/stock-screen";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Stock · Box office" };

export default async function StockPage({ searchParams }: PageProps<"/box-office/stock">) {
  await requirePageRole("STAFF", "/box-office/stock");
  const params = await searchParams;
  const cinemaId = typeof params.cinema === "string" ? params.cinema.slice(0, 100) : undefined;
  // The staff member's home cinema (or the one asked for), as the door picks it.
  const day = await (await serverApi()).door.today({ cinemaId });
  return (
    <div className="space-y-3">
      <h1 className="sr-only">Stock</h1>
      <StockScreen key={day.cinema?.id ?? "none"} cinema={day.cinema ? { id: day.cinema.id, name: day.cinema.name, timeZone: day.cinema.timeZone } : null} cinemas={day.cinemas} />
    </div>
  );
}
