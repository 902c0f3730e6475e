import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-8" aria-busy="true">
      <p className="sr-only" role="status">
        Searching…
      </p>
      <Skeleton className="h-8 w-72" />
      <Skeleton className="h-10 w-full" />
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} className="grid grid-cols-[4rem_1fr] gap-4 sm:grid-cols-[5rem_1fr]">
          <Skeleton className="aspect-[2/3] w-full" />
          <div className="flex flex-col gap-2">
            <Skeleton className="h-6 w-1/2" />
            <Skeleton className="h-4 w-1/3" />
            <Skeleton className="h-4 w-1/4" />
          </div>
        </div>
      ))}
    </div>
  );
}
