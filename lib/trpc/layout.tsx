import { TRPCReactProvider } from "./client";

/**
 * The layout of every section whose client components call the API (tRPC with TanStack Query): re-exported as the
 * default of their layout.tsx, or wrapped around an existing layout's content. Not in the root layout: the public
 * programme's pages (home, film, showtimes, search) call nothing from the browser, and the provider's code (tRPC
 * client, TanStack Query, superjson) would be most of their JavaScript. One browser-wide QueryClient
 * (./client.tsx) keeps the cache across sections.
 */
export function TRPCLayout({ children }: { children: React.ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
