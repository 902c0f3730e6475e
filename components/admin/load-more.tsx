"use client";

import { Loader2 } from "lucide-react";
import { Button } from "@/components/ui/button";

// The admin's paged lists: the first page comes rendered by the server, the rest on "Load more".

/** Infinite-query options for a list whose first page the server already rendered: no refetch on load. */
export function startingWith<TPage extends { nextCursor: string | null }>(firstPage: TPage) {
  return {
    initialData: { pages: [firstPage], pageParams: [null] },
    getNextPageParam: (page: TPage) => page.nextCursor,
  };
}

interface PagedList {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The foot of a paged list: "Load more" while there is more, what went wrong if a page failed to load. */
export function LoadMore({ list, label }: { list: PagedList; label: string }) {
  if (!list.hasNextPage) return null;
  const loading = list.isFetchingNextPage;
  return (
    <div className="flex flex-col items-center gap-2">
      {list.isFetchNextPageError ? (
        <p role="alert" className="text-destructive text-sm">
          That page didn&apos;t load. Try again.
        </p>
      ) : null}
      <Button variant="outline" onClick={() => void list.fetchNextPage()} disabled={loading} aria-busy={loading}>
        {loading ? <Loader2 className="animate-spin" aria-hidden /> : null}
        {label}
      </Button>
    </div>
  );
}
