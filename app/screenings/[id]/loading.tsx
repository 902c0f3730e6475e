import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-8 px-4 py-6 sm:px-6 sm:py-8" aria-busy="true">
      <p className="sr-only" role="status">
        Loading screening…
      </p>
      <Skeleton className="h-5 w-56" />
      <div className="grid grid-cols-[5.5rem_1fr] gap-4 sm:grid-cols-[8rem_1fr] sm:gap-6">
        <Skeleton className="aspect-[2/3] w-full" />
        <div className="flex flex-col gap-3">
          <Skeleton className="h-10 w-3/4" />
          <Skeleton className="h-5 w-1/2" />
          <Skeleton className="h-6 w-2/3" />
        </div>
      </div>
      <div className="grid gap-8 md:grid-cols-2">
        <Skeleton className="h-72 w-full" />
        <div className="flex flex-col gap-4">
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-20 w-full" />
        </div>
      </div>
    </div>
  );
}
