"use client";

import { RouteError } from "@/components/programme/route-error";

export default function TicketsError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="We couldn't load your tickets"
      description="Your bookings are safe. Please try again in a moment; your confirmation emails have your tickets too."
    />
  );
}
