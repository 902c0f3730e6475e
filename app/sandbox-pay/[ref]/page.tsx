// The sandbox provider's hosted payment page: what a real provider's checkout page is, for test mode. It shows what
// is being paid and lets the tester approve, decline or approve with a late webhook (server/payments/sandbox).
import { ArrowLeft, CircleCheck, CircleX, FlaskConical, Undo2 } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Button } from "@/components/ui/button";
import { formatMoney } from "@/server/format";
import { env, paymentsSandboxEnabled } from "@/server/config/env";
import { defaultSandboxProvider, sandboxReturnTo, type SandboxCheckoutView } from "@/server/payments/sandbox";
import { decideSandboxPayment } from "./actions";
import { DecisionButtons } from "./decision-buttons";

export const metadata: Metadata = { title: "Sandbox payment", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ ref: string }> };

const SANDBOX_REF = /^sbx_[0-9a-f]{24}$/;

const decidedFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "Europe/London" });

export default async function SandboxPaymentPage({ params }: Props) {
  if (!paymentsSandboxEnabled()) notFound();
  const { ref } = await params;
  const checkout = SANDBOX_REF.test(ref) ? await defaultSandboxProvider().checkout(ref) : null;
  if (!checkout) notFound();

  return (
    <div className="flex flex-1 items-start justify-center px-4 py-8 sm:items-center sm:py-14">
      <section
        aria-labelledby="sandbox-title"
        className="bg-card text-card-foreground w-full max-w-md overflow-hidden rounded-xl border-2 border-dashed border-amber-500/70 shadow-sm"
      >
        <header className="flex flex-wrap items-center justify-between gap-2 bg-amber-100 px-5 py-3 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          <p className="flex items-center gap-2 font-semibold">
            <FlaskConical className="size-5" aria-hidden />
            Marquee Sandbox Payments
          </p>
          <p className="rounded-full border border-current px-2 py-0.5 text-xs font-medium">test mode, no real money</p>
        </header>

        <div className="space-y-6 px-5 py-6">
          <div className="space-y-1 text-center">
            <h1 id="sandbox-title" className="text-muted-foreground text-sm font-medium">
              Pay Marquee Cinemas
            </h1>
            <p className="text-4xl font-semibold tracking-tight tabular-nums">{formatMoney(checkout.amount, checkout.currency)}</p>
          </div>

          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Order reference</dt>
            <dd className="font-mono font-medium break-all">{checkout.orderReference ?? "—"}</dd>
            <dt className="text-muted-foreground">Description</dt>
            <dd className="break-words">{checkout.description}</dd>
            <dt className="text-muted-foreground">Payment reference</dt>
            <dd className="text-muted-foreground font-mono text-xs break-all">{checkout.ref}</dd>
          </dl>

          {checkout.status === "OPEN" ? (
            <form action={decideSandboxPayment} className="space-y-3">
              <input type="hidden" name="ref" value={checkout.ref} />
              <DecisionButtons delaySeconds={env().SANDBOX_DELAY_SECONDS} />
            </form>
          ) : (
            <DecidedCheckout checkout={checkout} />
          )}

          <p className="text-muted-foreground border-t pt-4 text-xs leading-relaxed">
            This page stands in for a real payment provider while Marquee runs in test mode. Nothing is charged: the choice
            you make here is sent back to Marquee as a signed webhook, exactly as a real provider would.
          </p>
        </div>
      </section>
    </div>
  );
}

function DecidedCheckout({ checkout }: { checkout: SandboxCheckoutView }) {
  const outcome =
    checkout.status === "DECLINED"
      ? { Icon: CircleX, title: "Payment declined", detail: "No money was taken.", tone: "text-destructive" }
      : checkout.status === "REFUNDED"
        ? { Icon: Undo2, title: "Payment refunded", detail: "It was approved and has since been refunded in full.", tone: "text-muted-foreground" }
        : {
            Icon: CircleCheck,
            title: "Payment approved",
            detail:
              checkout.refundedAmount > 0
                ? `${formatMoney(checkout.refundedAmount, checkout.currency)} of it has been refunded.`
                : "Marquee confirms the booking when its webhook arrives.",
            tone: "text-emerald-700 dark:text-emerald-400",
          };
  const { Icon } = outcome;

  return (
    <div className="space-y-4">
      <div role="status" className="bg-muted/50 flex items-start gap-3 rounded-lg border p-4">
        <Icon className={`mt-0.5 size-5 shrink-0 ${outcome.tone}`} aria-hidden />
        <div className="space-y-1">
          <p className="font-medium">{outcome.title}</p>
          <p className="text-muted-foreground text-sm">{outcome.detail}</p>
          {checkout.decidedAt ? (
            <p className="text-muted-foreground text-xs">
              Decided <time dateTime={checkout.decidedAt.toISOString()}>{decidedFormat.format(checkout.decidedAt)}</time>
            </p>
          ) : null}
        </div>
      </div>
      <Button asChild variant="outline" className="w-full">
        <a href={sandboxReturnTo(checkout)}>
          <ArrowLeft aria-hidden />
          Back to Marquee
        </a>
      </Button>
    </div>
  );
}
