import { Search } from "lucide-react";
import { Input } from "@/components/ui/input";
import { SEARCH_QUERY_MAX } from "@/server/catalogue/limits";

// A plain GET form: search works before any JavaScript has loaded.
export function SearchBox() {
  return (
    <form action="/search" method="get" role="search" className="relative hidden sm:block">
      <label htmlFor="site-search" className="sr-only">
        Search films
      </label>
      <Search className="text-muted-foreground pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2" aria-hidden />
      <Input id="site-search" name="q" type="search" placeholder="Search films" className="w-44 pl-8 lg:w-64" maxLength={SEARCH_QUERY_MAX} />
    </form>
  );
}
