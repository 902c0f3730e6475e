import { AdminNav } from "@/components/admin/admin-nav";

// Every admin page has the admin nav above it; each page checks the role itself (requirePageRole).
export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <div className="mx-auto max-w-7xl px-4 pt-6 sm:px-6">
        <AdminNav />
      </div>
      {children}
    </>
  );
}
