import type { Metadata } from "next";
import { CheckoutView } from "@/components/booking/checkout-view";
import { getAppSession } from "@/lib/auth/next-auth";

export const metadata: Metadata = { title: "Checkout", robots: { index: false, follow: false } };

type Props = { params: Promise<{ orderId: string }> };

// The basket belongs to the browser's holder cookie (or the signed-in customer); CheckoutView loads it from the API,
// which refuses anyone else's. Signed-in customers get their email and name filled in.
export default async function CheckoutPage({ params }: Props) {
  const { orderId } = await params;
  const session = await getAppSession();
  return (
    <div className="mx-auto max-w-5xl px-4 py-6 sm:px-6 sm:py-8">
      <CheckoutView orderId={orderId} defaultEmail={session?.user.email ?? ""} defaultName={session?.user.name ?? ""} />
    </div>
  );
}
