"use client";

import { Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The foot of a paged list: "Load more" while there is more, what went wrong if a page failed to load. */
export function LoadMore({
  hasMore,
  loading,
  failed,
  onLoadMore,
  label,
}: {
  hasMore: boolean;
  loading: boolean;
  failed: boolean;
  onLoadMore: () => void;
  label: string;
}) {
  if (!hasMore) return null;
  return (
    <div className="flex flex-col items-center gap-2">
      {failed ? (
        <p role="alert" className="text-destructive text-sm">
          That page didn&apos;t load. Try again.
        </p>
      ) : null}
      <Button variant="outline" onClick={onLoadMore} disabled={loading} aria-busy={loading}>
        {loading ? <Loader2 className="animate-spin" aria-hidden /> : null}
        {label}
      </Button>
    </div>
  );
}
