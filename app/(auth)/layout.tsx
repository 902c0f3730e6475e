import { TRPCLayout } from "@/lib/trpc/layout";

// Sign-in, sign-up and the code pages: one centred card, readable on a phone and a desktop alike.
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <TRPCLayout>
      <div className="flex flex-1 items-start justify-center px-4 py-10 sm:items-center sm:py-16">{children}</div>
    </TRPCLayout>
  );
}
