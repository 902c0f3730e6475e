import type { Metadata } from "next";
import { FindBooking } from "@/components/box-office/orders/find-booking";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "Find a booking · Box office" };

export default async function FindBookingPage({ searchParams }: PageProps<"/box-office/orders">) {
  await requirePageRole("STAFF", "/box-office/orders");
  const params = await searchParams;
  const query = typeof params.q === "string" ? params.q.slice(0, 500) : "";
  const orderId = typeof params.order === "string" ? params.order.slice(0, 100) : null;
  // Today's screenings narrow a search by last name.
  const overview = await (await serverApi()).boxOffice.dayOverview({});
  return (
    <div className="space-y-3">
      <h1 className="sr-only">Find a booking</h1>
      <FindBooking
        initialQuery={query}
        initialOrderId={orderId}
        timeZone={overview.cinema?.timeZone ?? "Europe/London"}
        screenings={overview.screenings.map((s) => ({ id: s.id, startsAt: s.startsAt, title: s.film.title, hallName: s.hall.name }))}
      />
    </div>
  );
}
