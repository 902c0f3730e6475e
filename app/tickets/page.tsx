import { Ticket } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { OrderCard } from "@/components/booking/order-card";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = { title: "My tickets", robots: { index: false, follow: false } };

export default async function MyTicketsPage() {
  await requirePageRole("CUSTOMER", "/tickets");
  const { upcoming, past } = await (await serverApi()).orders.mine();

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-8 px-4 py-8 sm:px-6 sm:py-12">
      <PageHeader title="My tickets" description="Your bookings, the next show first." />
      {upcoming.length === 0 && past.length === 0 ? (
        <div className="flex flex-col items-center gap-4 rounded-xl border border-dashed px-6 py-12 text-center">
          <Ticket className="text-muted-foreground size-10" aria-hidden />
          <h2 className="text-lg font-semibold">No tickets yet</h2>
          <p className="text-muted-foreground">When you book a film while signed in, your tickets appear here.</p>
          <Button asChild>
            <Link href="/showtimes">See what&apos;s on</Link>
          </Button>
        </div>
      ) : null}
      {upcoming.length ? (
        <section aria-labelledby="upcoming" className="flex flex-col gap-4">
          <h2 id="upcoming" className="text-xl font-semibold">
            Upcoming
          </h2>
          {upcoming.map((order) => (
            <OrderCard key={order.id} order={order} />
          ))}
        </section>
      ) : null}
      {past.length ? (
        <section aria-labelledby="past" className="flex flex-col gap-4">
          <h2 id="past" className="text-xl font-semibold">
            Past
          </h2>
          {past.map((order) => (
            <OrderCard key={order.id} order={order} />
          ))}
        </section>
      ) : null}
    </div>
  );
}
