import { FlaskConical } from "lucide-react";

/**
 * Shown on every page (app/layout.tsx) when production runs the payment sandbox, which an operator has to acknowledge
 * (PAYMENTS_SANDBOX_IN_PRODUCTION): nobody should think they bought a real ticket.
 */
export function TestPaymentsBanner({ show }: { show: boolean }) {
  if (!show) return null;
  return (
    <aside aria-label="Test payments" className="border-b border-amber-300 bg-amber-100 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      <p className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-2 text-sm font-medium sm:px-6">
        <FlaskConical className="size-4 shrink-0" aria-hidden />
        Test payments: no real money is taken.
      </p>
    </aside>
  );
}
