import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto flex max-w-md flex-col gap-4 px-4 py-6 sm:py-10" aria-busy="true">
      <p className="sr-only" role="status">
        Loading your ticket…
      </p>
      <Skeleton className="h-9 w-full" />
      <Skeleton className="h-[32rem] w-full rounded-2xl" />
    </div>
  );
}
