import Link from "next/link";
import { Button } from "@/components/ui/button";
import type { SessionUser } from "@/server/accounts/roles";
import { AccountDropdown } from "./account-dropdown-lazy";

export function AccountMenu({ user }: { user: SessionUser | null }) {
  if (user) return <AccountDropdown user={user} />;
  return (
    <div className="flex items-center gap-1">
      <Button asChild variant="ghost" size="sm">
        <Link href="/sign-in">Sign in</Link>
      </Button>
      <Button asChild size="sm" className="hidden sm:inline-flex">
        <Link href="/sign-up">Create account</Link>
      </Button>
    </div>
  );
}
