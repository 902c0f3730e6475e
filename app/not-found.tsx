import { Film } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 px-4 py-24 text-center">
      <Film className="text-muted-foreground size-12" aria-hidden />
      <h1 className="text-2xl font-semibold">We couldn&apos;t find that page</h1>
      <p className="text-muted-foreground">It may have moved, or the screening may no longer be on.</p>
      <div className="flex gap-2">
        <Button asChild>
          <Link href="/">What&apos;s on</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/showtimes">All showtimes</Link>
        </Button>
      </div>
    </div>
  );
}
