import { CalendarX2 } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function ScreeningNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 px-4 py-24 text-center">
      <CalendarX2 className="text-muted-foreground size-12" aria-hidden />
      <h1 className="text-2xl font-semibold">Screening not found</h1>
      <p className="text-muted-foreground">
        This screening doesn&apos;t exist or has been cancelled. If you have tickets for it, check your account for
        details.
      </p>
      <div className="flex flex-wrap justify-center gap-2">
        <Button asChild>
          <Link href="/showtimes">All showtimes</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/">What&apos;s on</Link>
        </Button>
      </div>
    </div>
  );
}
