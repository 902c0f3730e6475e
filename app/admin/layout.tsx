import { AdminNav } from "@/components/admin/admin-nav";
import { PageHeader } from "@/components/layout/page-header";
import { getAppSession } from "@/lib/auth/next-auth";
import { TRPCLayout } from "@/lib/trpc/layout";
import { hasRole } from "@/server/accounts/roles";

// The admin sections' frame. Each page checks the role itself (requirePageRole); the frame shows only to admins, so
// someone refused sees the refusal and nothing of the admin area.
export default async function AdminLayout({ children }: LayoutProps<"/admin">) {
  const session = await getAppSession();
  if (!hasRole(session?.user, "ADMIN")) return <TRPCLayout>{children}</TRPCLayout>;
  return (
    <TRPCLayout>
      <div className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6">
        <PageHeader
          title="Admin"
          description="People and roles, the record of staff and admin actions, and what the site shows: films, announcements, adverts, promo codes, prices, cinemas with their halls' seat layouts, and the screenings schedule."
        />
        <AdminNav />
        {children}
      </div>
    </TRPCLayout>
  );
}
