import { ShieldX } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 px-4 py-24 text-center">
      <ShieldX className="text-destructive size-12" aria-hidden />
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-muted-foreground">
        This area is for cinema staff. If you think you should have access, ask an administrator to change your role.
      </p>
      <Button asChild>
        <Link href="/">Back to what&apos;s on</Link>
      </Button>
    </div>
  );
}
