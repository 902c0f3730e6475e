import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-12" aria-busy="true">
      <p className="sr-only" role="status">
        Loading your tickets…
      </p>
      <Skeleton className="h-9 w-48" />
      {Array.from({ length: 3 }, (_, index) => (
        <Skeleton key={index} className="h-40 w-full" />
      ))}
    </div>
  );
}
