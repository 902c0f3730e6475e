"use client";

import { RouteError } from "@/components/programme/route-error";

export default function OrderError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="We couldn't load your booking"
      description="Your booking is safe: if you paid, we'll email your tickets. Please try again in a moment."
    />
  );
}
