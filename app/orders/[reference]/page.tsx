import type { Metadata } from "next";
import { OrderStatus } from "@/components/booking/order-status";

// The link carries the guest's token: keep it out of Referer headers and search engines.
export const metadata: Metadata = { title: "Your booking", robots: { index: false, follow: false }, referrer: "no-referrer" };

type Props = {
  params: Promise<{ reference: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const single = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

// The payment provider sends the customer back here with ?ref=…&outcome=…; that only tells the page what to say while
// it waits. Whether the order is paid is decided by the verified webhook, and OrderStatus polls until it has been.
export default async function OrderPage({ params, searchParams }: Props) {
  const { reference } = await params;
  const query = await searchParams;
  return (
    <div className="mx-auto max-w-4xl px-4 py-6 sm:px-6 sm:py-8">
      <OrderStatus reference={reference} token={single(query.token)} outcome={single(query.outcome)} />
    </div>
  );
}
