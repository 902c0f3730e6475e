import { BellRing } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { SaleScreen } from "@/components/box-office/sale/sale-screen";
import { Button } from "@/components/ui/button";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";
import { hasRole } from "@/server/accounts/roles";

export const metadata: Metadata = { title: "Sell · Box office" };

// The counter's sale screen. The day and the basket are read live by the client (they change with every sale);
// the page only checks the role and says whether anything needs attention.
export default async function BoxOfficePage() {
  const session = await requirePageRole("STAFF", "/box-office");
  const api = await serverApi();
  const attention = await api.boxOffice.attention();
  return (
    <SaleScreen
      isManager={hasRole(session.user, "MANAGER")}
      actions={
        attention.length ? (
          <Button asChild size="sm">
            <Link href="/box-office/attention">
              <BellRing aria-hidden /> Needs attention ({attention.length})
            </Link>
          </Button>
        ) : null
      }
    />
  );
}
