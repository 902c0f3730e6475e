import { Skeleton } from "@/components/ui/skeleton";

// The home page's skeleton. Being at the root it is also the fallback for any page without a loading.tsx of its
// own, so it stays a generic "banner, heading, grid" shape.
export default function Loading() {
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-10 px-4 py-6 sm:px-6 sm:py-8" aria-busy="true">
      <p className="sr-only" role="status">
        Loading…
      </p>
      <Skeleton className="h-72 w-full rounded-2xl sm:h-88" />
      <div className="flex flex-col gap-5">
        <Skeleton className="h-7 w-48" />
        <div className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-6">
          {Array.from({ length: 6 }, (_, index) => (
            <div key={index} className="flex flex-col gap-2">
              <Skeleton className="aspect-[2/3] w-full" />
              <Skeleton className="h-4 w-3/4" />
              <Skeleton className="h-4 w-1/2" />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
