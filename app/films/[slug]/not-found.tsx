import { Film } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function FilmNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 px-4 py-24 text-center">
      <Film className="text-muted-foreground size-12" aria-hidden />
      <h1 className="text-2xl font-semibold">Film not found</h1>
      <p className="text-muted-foreground">We couldn&apos;t find that film. It may have finished its run, or the link may be mistyped.</p>
      <div className="flex flex-wrap justify-center gap-2">
        <Button asChild>
          <Link href="/">What&apos;s on</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/search">Search films</Link>
        </Button>
      </div>
    </div>
  );
}
