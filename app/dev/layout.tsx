// Its pages call the API from the browser (lib/trpc/layout.tsx).
export { TRPCLayout as default } from "@/lib/trpc/layout";
