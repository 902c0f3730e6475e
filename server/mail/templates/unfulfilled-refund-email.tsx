import { Text } from "@react-email/components";
import { type BookingEmailScreening, Greeting, LinkButton, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

/** Why a paid booking couldn't be delivered: its payment came after the seats had gone, or settling it failed. */
export type UnfulfilledCause = "seats_taken" | "settlement_failed";

const explanation: Record<UnfulfilledCause, { preview: string; body: string }> = {
  seats_taken: {
    preview: "Your payment arrived too late",
    body: "Your payment reached us after the time we could hold your seats, and by then they had been booked by someone else. We're sorry about that.",
  },
  settlement_failed: {
    preview: "We couldn't complete your booking",
    body: "Something went wrong on our side while we were completing your booking after your payment, so we've cancelled it. We're sorry about that.",
  },
};

export function UnfulfilledRefundEmail(props: {
  cause: UnfulfilledCause;
  customerName: string | null;
  reference: string;
  screening: BookingEmailScreening;
  amount: string;
  screeningUrl: string;
}) {
  const { preview, body } = explanation[props.cause];
  return (
    <EmailLayout preview={`${preview}: we've refunded ${props.amount}`} heading="We couldn't complete your booking">
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        {body} We&apos;ve refunded the full <strong>{props.amount}</strong> to the card you paid with; depending on your bank
        it can take 5 to 10 working days to appear.
      </Text>
      <ScreeningDetails screening={props.screening} reference={props.reference} />
      <LinkButton href={props.screeningUrl}>See the seats that are left</LinkButton>
    </EmailLayout>
  );
}

export const unfulfilledRefundSubject = (filmTitle: string, reference: string) =>
  `We've refunded your payment for ${filmTitle} (booking ${reference})`;
