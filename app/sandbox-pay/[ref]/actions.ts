"use server";

// The customer's choice on the sandbox payment page. It records the outcome in the sandbox's books and queues the
// signed webhook; the browser then goes back to Marquee, which waits for that webhook (the return confirms nothing).
import { notFound, redirect } from "next/navigation";
import { paymentsSandboxEnabled } from "@/server/config/env";
import { defaultSandboxProvider, type SandboxDecision } from "@/server/payments/sandbox";

const DECISIONS: readonly SandboxDecision[] = ["approve", "decline", "approve_delayed"];

function isDecision(value: unknown): value is SandboxDecision {
  return typeof value === "string" && (DECISIONS as readonly string[]).includes(value);
}

export async function decideSandboxPayment(formData: FormData): Promise<void> {
  if (!paymentsSandboxEnabled()) notFound();
  const ref = formData.get("ref");
  const decision = formData.get("decision");
  if (typeof ref !== "string" || !isDecision(decision)) throw new Error("That is not a choice this page offers.");
  // Deciding twice (a double click, the back button) keeps the first outcome and returns to the same place.
  const { returnTo } = await defaultSandboxProvider().decide({ ref, decision });
  redirect(returnTo);
}
