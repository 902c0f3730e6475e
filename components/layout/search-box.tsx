import { Search } from "lucide-react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import { SEARCH_QUERY_MAX } from "@/server/catalogue/limits";

// A plain GET form: search works before any JavaScript has loaded. The header shows it on wide screens, the mobile
// menu inside its sheet.
export function SearchBox({
  id = "site-search",
  className = "hidden sm:block",
  inputClassName = "w-44 lg:w-64",
  onSubmit,
}: {
  id?: string;
  className?: string;
  inputClassName?: string;
  onSubmit?: () => void;
}) {
  return (
    <form action="/search" method="get" role="search" className={cn("relative", className)} onSubmit={onSubmit}>
      <label htmlFor={id} className="sr-only">
        Search films
      </label>
      <Search className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" aria-hidden />
      <Input id={id} name="q" type="search" placeholder="Search films" className={cn("pl-8", inputClassName)} maxLength={SEARCH_QUERY_MAX} />
    </form>
  );
}
