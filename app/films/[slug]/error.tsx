"use client";

import { RouteError } from "@/components/programme/route-error";

export default function FilmError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <RouteError
      error={error}
      retry={retry}
      title="We couldn't load this film"
      description="Something went wrong while fetching the film and its showtimes. Please try again in a moment."
    />
  );
}
