import { BellRing, DoorOpen, Package, ReceiptText, Search, ShoppingCart } from "lucide-react";
import { type NavSection, SectionNav } from "@/components/layout/section-nav";

/** The box office's screens, in the order the nav shows them. A new screen adds itself here. */
export const boxOfficeSections: NavSection[] = [
  { href: "/box-office", label: "Sell", icon: ShoppingCart, exact: true },
  { href: "/box-office/orders", label: "Find a booking", icon: Search },
  { href: "/box-office/door", label: "Door", icon: DoorOpen },
  { href: "/box-office/stock", label: "Stock", icon: Package },
  { href: "/box-office/shift", label: "Shift", icon: ReceiptText },
  { href: "/box-office/attention", label: "Needs attention", icon: BellRing },
];

export function BoxOfficeNav() {
  return <SectionNav label="Box office screens" sections={boxOfficeSections} className="print:hidden" />;
}
