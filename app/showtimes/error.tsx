"use client";

import { RouteError } from "@/components/programme/route-error";

export default function ShowtimesError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="We couldn't load the showtimes"
      description="Something went wrong while fetching the programme. Please try again in a moment."
    />
  );
}
