"use client";

import { Menu } from "lucide-react";
import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";

// The sheet (a Radix dialog: focus trap, scroll lock, portal) is most of the menu's JavaScript and every page has the
// menu, so the button alone ships with the page and the sheet is fetched when the button is first pressed (or
// hovered or focused, which usually comes first). Closing it hands focus back to the button.
const loadSheet = () => import("./mobile-nav-sheet");
const MobileNavSheet = dynamic(() => loadSheet().then((module) => module.MobileNavSheet), { ssr: false });

export function MobileNav({ links }: { links: { href: string; label: string }[] }) {
  const [open, setOpen] = useState(false);
  const [wanted, setWanted] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const warm = () => void loadSheet();
  return (
    <>
      <Button
        ref={button}
        variant="ghost"
        size="icon"
        className="md:hidden"
        aria-label="Open menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? "mobile-nav" : undefined}
        onPointerEnter={warm}
        onFocus={warm}
        onClick={() => {
          setWanted(true);
          setOpen(true);
        }}
      >
        <Menu aria-hidden />
      </Button>
      {wanted ? <MobileNavSheet links={links} open={open} onOpenChange={setOpen} returnFocus={() => button.current?.focus()} /> : null}
    </>
  );
}
