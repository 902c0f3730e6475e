"use client";

import { RouteError } from "@/components/programme/route-error";

export default function ScreeningError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="We couldn't load this screening"
      description="Something went wrong while fetching the screening's details and prices. Please try again in a moment."
    />
  );
}
