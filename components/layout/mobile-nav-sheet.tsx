"use client";

import Link from "next/link";
import { Sheet, SheetContent, SheetTitle } from "@/components/ui/sheet";
import { SearchBox } from "./search-box";

/** The mobile menu's sheet; MobileNav loads it on the first press of its button. */
export function MobileNavSheet({
  links,
  open,
  onOpenChange,
  returnFocus,
}: {
  links: { href: string; label: string }[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Radix hands focus back to its own Trigger; the menu button is not one, so it says where focus goes. */
  returnFocus: () => void;
}) {
  const close = () => onOpenChange(false);
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent
        id="mobile-nav"
        side="left"
        aria-describedby={undefined}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocus();
        }}
      >
        <SheetTitle>Marquee</SheetTitle>
        <SearchBox id="mobile-search" className="" inputClassName="" onSubmit={close} />
        <nav aria-label="Mobile">
          <ul className="flex flex-col gap-1">
            {links.map((link) => (
              <li key={link.href}>
                <Link href={link.href} onClick={close} className="hover:bg-accent block rounded-md px-3 py-2 font-medium">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </SheetContent>
    </Sheet>
  );
}
