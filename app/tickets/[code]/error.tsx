"use client";

import { RouteError } from "@/components/programme/route-error";

export default function TicketError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="We couldn't load this ticket"
      description="Please try again in a moment. Your confirmation email has the same QR code."
    />
  );
}
