import { BoxOfficeNav } from "@/components/box-office/box-office-nav";
import { getAppSession } from "@/lib/auth/next-auth";
import { TRPCLayout } from "@/lib/trpc/layout";
import { hasRole } from "@/server/accounts/roles";

// The box office's frame: full width for counter monitors and tablets. Each page checks the role itself
// (requirePageRole); the frame shows only to staff, so someone refused sees the refusal and nothing else.
export default async function BoxOfficeLayout({ children }: LayoutProps<"/box-office">) {
  const session = await getAppSession();
  if (!hasRole(session?.user, "STAFF")) return <TRPCLayout>{children}</TRPCLayout>;
  return (
    <TRPCLayout>
      <div className="space-y-3 px-3 py-3 sm:px-4">
        <BoxOfficeNav />
        {children}
      </div>
    </TRPCLayout>
  );
}
