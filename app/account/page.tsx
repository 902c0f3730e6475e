import type { Metadata } from "next";
import { ManagerPinCard } from "@/components/account/manager-pin-card";
import { SignOutButton, SignOutEverywhereButton } from "@/components/account/sign-out-buttons";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Separator } from "@/components/ui/separator";
import { requirePageRole } from "@/lib/auth/guards";
import { serverApi } from "@/lib/trpc/server";
import { roleNames } from "@/components/admin/role-names";
import { hasRole } from "@/server/accounts/roles";

export const metadata: Metadata = { title: "Your account" };


const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "Europe/London" });

export default async function AccountPage() {
  await requirePageRole("CUSTOMER", "/account");
  const account = await (await serverApi()).account.me();

  return (
    <div className="mx-auto max-w-2xl space-y-8 px-4 py-8 sm:px-6 sm:py-12">
      <PageHeader title="Your account" description="Your details and where you're signed in." />

      <Card>
        <CardHeader>
          <CardTitle>Details</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 sm:grid-cols-[10rem_1fr] sm:gap-x-6">
            <dt className="text-muted-foreground text-sm">Name</dt>
            <dd className="font-medium">{account.name}</dd>
            <dt className="text-muted-foreground text-sm">Email</dt>
            <dd className="font-medium break-all">{account.email}</dd>
            <dt className="text-muted-foreground text-sm">Role</dt>
            <dd>
              <Badge variant={account.role === "CUSTOMER" ? "secondary" : "default"}>{roleNames[account.role]}</Badge>
            </dd>
            <dt className="text-muted-foreground text-sm">Member since</dt>
            <dd>{dateFormat.format(account.createdAt)}</dd>
          </dl>
        </CardContent>
      </Card>

      {hasRole(account, "MANAGER") ? <ManagerPinCard /> : null}

      <Card>
        <CardHeader>
          <CardTitle>Sessions</CardTitle>
          <CardDescription>
            Signed in on a computer you no longer use, or think someone else has your password? Sign out everywhere ends
            every session of this account at once, including this one.
          </CardDescription>
        </CardHeader>
        <Separator />
        <CardFooter className="flex flex-col gap-3 sm:flex-row">
          <SignOutButton />
          <SignOutEverywhereButton />
        </CardFooter>
      </Card>
    </div>
  );
}
