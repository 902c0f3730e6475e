"use client";

import { RouteError } from "@/components/programme/route-error";

export default function SearchError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="Search isn't working right now"
      description="Something went wrong while searching the programme. Please try again in a moment."
    />
  );
}
