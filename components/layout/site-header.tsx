import { Clapperboard } from "lucide-react";
import Link from "next/link";
import { hasRole } from "@/server/accounts/roles";
import { getAppSession } from "@/lib/auth/next-auth";
import { AccountMenu } from "./account-menu";
import { MobileNav } from "./mobile-nav";
import { SearchBox } from "./search-box";

export const primaryNav = [
  { href: "/", label: "What's on" },
  { href: "/showtimes", label: "Showtimes" },
];

export async function SiteHeader() {
  const session = await getAppSession();
  const user = session?.user ?? null;
  const roleLinks = [
    ...(hasRole(user, "STAFF") ? [{ href: "/box-office", label: "Box office" }] : []),
    ...(hasRole(user, "ADMIN") ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <header className="bg-background/95 supports-[backdrop-filter]:bg-background/80 sticky top-0 z-40 border-b backdrop-blur">
      <div className="mx-auto flex h-16 max-w-7xl items-center gap-4 px-4 sm:px-6">
        <MobileNav links={[...primaryNav, ...roleLinks]} />
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight" aria-label="Marquee Cinemas, home">
          <Clapperboard className="text-primary size-6" aria-hidden />
          <span className="text-lg">Marquee</span>
        </Link>
        <nav aria-label="Main" className="hidden md:block">
          <ul className="flex items-center gap-1 text-sm">
            {[...primaryNav, ...roleLinks].map((link) => (
              <li key={link.href}>
                <Link
                  href={link.href}
                  className="hover:bg-accent hover:text-accent-foreground focus-visible:ring-ring/50 rounded-md px-3 py-2 font-medium outline-none focus-visible:ring-[3px]"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <SearchBox />
          <AccountMenu user={user} />
        </div>
      </div>
    </header>
  );
}
