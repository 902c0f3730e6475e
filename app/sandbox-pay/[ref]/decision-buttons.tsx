"use client";

import { CircleCheck, CircleX, Clock, LoaderCircle } from "lucide-react";
import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";

// Inside the page's <form>: the pressed button's name/value says which decision it is, with or without JavaScript.
// While the decision is on its way all three are disabled, so a double click can't send a second one.
export function DecisionButtons({ delaySeconds }: { delaySeconds: number }) {
  const { pending, data } = useFormStatus();
  const chosen = pending ? data?.get("decision") : null;
  const icon = (decision: string, Idle: typeof CircleCheck) =>
    chosen === decision ? <LoaderCircle className="animate-spin" aria-hidden /> : <Idle aria-hidden />;

  return (
    <div className="grid gap-3" aria-busy={pending}>
      <Button type="submit" name="decision" value="approve" size="lg" disabled={pending} className="w-full">
        {icon("approve", CircleCheck)}
        Approve payment
      </Button>
      <Button type="submit" name="decision" value="decline" size="lg" variant="outline" disabled={pending} className="w-full">
        {icon("decline", CircleX)}
        Decline payment
      </Button>
      <Button
        type="submit"
        name="decision"
        value="approve_delayed"
        size="lg"
        variant="secondary"
        disabled={pending}
        className="w-full"
        aria-describedby="sandbox-delay-hint"
      >
        {icon("approve_delayed", Clock)}
        Approve after a delay
      </Button>
      <p id="sandbox-delay-hint" className="text-muted-foreground text-center text-xs">
        &ldquo;Approve after a delay&rdquo; approves now but holds the confirmation back for about {delaySeconds} seconds, like a
        slow bank.
      </p>
      <p className="sr-only" role="status">
        {pending ? "Sending your choice…" : ""}
      </p>
    </div>
  );
}
