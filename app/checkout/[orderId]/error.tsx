"use client";

import { RouteError } from "@/components/programme/route-error";

export default function CheckoutError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="We couldn't load the checkout"
      description="Your seats are still held for a few minutes. Please try again."
    />
  );
}
