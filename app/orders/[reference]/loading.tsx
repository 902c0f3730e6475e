import { OrderSkeleton } from "@/components/booking/order-status";

export default function Loading() {
  return (
    <div className="mx-auto max-w-4xl px-4 py-6 sm:px-6 sm:py-8">
      <OrderSkeleton />
    </div>
  );
}
