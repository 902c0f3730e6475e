import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div aria-busy="true">
      <p className="sr-only" role="status">
        Loading film…
      </p>
      <div className="bg-muted">
        <div className="mx-auto grid max-w-7xl grid-cols-[6.5rem_1fr] items-end gap-4 px-4 pt-16 pb-8 sm:grid-cols-[11rem_1fr] sm:gap-8 sm:px-6 sm:pt-28">
          <Skeleton className="bg-foreground/10 aspect-[2/3] w-full" />
          <div className="flex flex-col gap-3">
            <Skeleton className="bg-foreground/10 h-10 w-3/4" />
            <Skeleton className="bg-foreground/10 h-5 w-1/2" />
            <Skeleton className="bg-foreground/10 h-5 w-2/3" />
          </div>
        </div>
      </div>
      <div className="mx-auto grid max-w-7xl gap-10 px-4 py-8 sm:px-6 lg:grid-cols-[1fr_20rem]">
        <div className="flex flex-col gap-6">
          <Skeleton className="h-20 w-full max-w-prose" />
          <Skeleton className="h-7 w-40" />
          {Array.from({ length: 3 }, (_, index) => (
            <div key={index} className="flex flex-col gap-3">
              <Skeleton className="h-6 w-56" />
              <div className="flex gap-2">
                {Array.from({ length: 4 }, (_, button) => (
                  <Skeleton key={button} className="h-11 w-18" />
                ))}
              </div>
            </div>
          ))}
        </div>
        <Skeleton className="h-72 w-full rounded-xl" />
      </div>
    </div>
  );
}
