import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-8" aria-busy="true">
      <p className="sr-only" role="status">
        Loading showtimes…
      </p>
      <div className="flex flex-col gap-2">
        <Skeleton className="h-8 w-44" />
        <Skeleton className="h-5 w-72" />
      </div>
      <div className="grid grid-cols-1 gap-4 rounded-xl border p-4 min-[480px]:grid-cols-2 sm:p-5 lg:grid-cols-4">
        {Array.from({ length: 4 }, (_, index) => (
          <div key={index} className="flex flex-col gap-1.5">
            <Skeleton className="h-4 w-16" />
            <Skeleton className="h-10 w-full" />
          </div>
        ))}
      </div>
      <Skeleton className="h-7 w-64" />
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} className="grid grid-cols-[4rem_1fr] gap-4 sm:grid-cols-[5.5rem_1fr]">
          <Skeleton className="aspect-[2/3] w-full" />
          <div className="flex flex-col gap-3">
            <Skeleton className="h-6 w-1/2" />
            <Skeleton className="h-4 w-1/3" />
            <div className="flex gap-2">
              {Array.from({ length: 3 }, (_, button) => (
                <Skeleton key={button} className="h-11 w-18" />
              ))}
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
