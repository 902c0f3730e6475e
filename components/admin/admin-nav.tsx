import { Building2, CalendarRange, Clapperboard, Popcorn, Megaphone, PoundSterling, RectangleHorizontal, ScrollText, TicketPercent, Users } from "lucide-react";
import { type NavSection, SectionNav } from "@/components/layout/section-nav";

/** The admin sections, in the order the nav shows them; the first is where /admin goes. A new section adds itself here. */
export const adminSections: NavSection[] = [
  { href: "/admin/films", label: "Films", icon: Clapperboard },
  { href: "/admin/cinemas", label: "Cinemas", icon: Building2 },
  { href: "/admin/screenings", label: "Screenings", icon: CalendarRange },
  { href: "/admin/prices", label: "Prices", icon: PoundSterling },
  { href: "/admin/concessions", label: "Concessions", icon: Popcorn },
  { href: "/admin/promo-codes", label: "Promo codes", icon: TicketPercent },
  { href: "/admin/adverts", label: "Adverts", icon: RectangleHorizontal },
  { href: "/admin/announcements", label: "Announcements", icon: Megaphone },
  { href: "/admin/people", label: "People", icon: Users },
  { href: "/admin/audit", label: "Audit log", icon: ScrollText },
];

export function AdminNav() {
  return <SectionNav label="Admin sections" sections={adminSections} />;
}
