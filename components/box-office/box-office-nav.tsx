import { BellRing, DoorOpen, type LucideIcon, Package, ReceiptText, Search, ShoppingCart } from "lucide-react";
import { AdminNavLink } from "@/components/admin/admin-nav-link";

/** The box office's screens, in the order the nav shows them. A new screen adds itself here. */
export const boxOfficeSections: { href: string; label: string; icon: LucideIcon }[] = [
  { href: "/box-office", label: "Sell", icon: ShoppingCart },
  { href: "/box-office/orders", label: "Find a booking", icon: Search },
  { href: "/box-office/door", label: "Door", icon: DoorOpen },
  { href: "/box-office/stock", label: "Stock", icon: Package },
  { href: "/box-office/shift", label: "Shift", icon: ReceiptText },
  { href: "/box-office/attention", label: "Needs attention", icon: BellRing },
];

export function BoxOfficeNav() {
  return (
    <nav aria-label="Box office screens" className="border-b print:hidden">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {boxOfficeSections.map(({ href, label, icon: Icon }) => (
          <li key={href}>
            <AdminNavLink href={href} exact={href === "/box-office"}>
              <Icon className="size-4" aria-hidden />
              {label}
            </AdminNavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
