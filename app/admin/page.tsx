import { redirect } from "next/navigation";
import { adminSections } from "@/components/admin/admin-nav";
import { requirePageRole } from "@/lib/auth/guards";

// /admin is the first admin section.
export default async function AdminPage() {
  await requirePageRole("ADMIN", "/admin");
  redirect(adminSections[0]!.href);
}
