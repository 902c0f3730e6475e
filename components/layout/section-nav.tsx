import type { LucideIcon } from "lucide-react";
import { AdminNavLink } from "@/components/admin/admin-nav-link";
import { cn } from "@/lib/utils";

export interface NavSection {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Current only on its own page, not its sub-pages (a section whose path is its siblings' parent). */
  exact?: boolean;
}

/** A row of section tabs (the admin's, the box office's), the current one marked with aria-current. */
export function SectionNav({ label, sections, className }: { label: string; sections: NavSection[]; className?: string }) {
  return (
    <nav aria-label={label} className={cn("border-b", className)}>
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {sections.map(({ href, label: text, icon: Icon, exact }) => (
          <li key={href}>
            <AdminNavLink href={href} exact={exact}>
              <Icon className="size-4" aria-hidden />
              {text}
            </AdminNavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
