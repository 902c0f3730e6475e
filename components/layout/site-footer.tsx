import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="text-muted-foreground border-t text-sm">
      <div className="mx-auto flex max-w-7xl flex-col gap-2 px-4 py-6 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p>© {new Date().getFullYear()} Marquee Cinemas. Open-source cinema ticketing.</p>
        <nav aria-label="Footer">
          <ul className="flex gap-4">
            <li>
              <Link href="/showtimes" className="hover:text-foreground underline-offset-4 hover:underline">
                Showtimes
              </Link>
            </li>
            <li>
              <Link href="/account" className="hover:text-foreground underline-offset-4 hover:underline">
                My account
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
