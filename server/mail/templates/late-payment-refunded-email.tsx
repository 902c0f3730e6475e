import { Text } from "@react-email/components";
import { type BookingEmailScreening, Greeting, LinkButton, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

export function LatePaymentRefundedEmail(props: {
  customerName: string | null;
  reference: string;
  screening: BookingEmailScreening;
  amount: string;
  screeningUrl: string;
}) {
  return (
    <EmailLayout preview={`Your payment arrived too late: we've refunded ${props.amount}`} heading="We couldn't complete your booking">
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        Your payment reached us after the time we could hold your seats, and by then they had been booked by someone
        else. We&apos;re sorry about that. We&apos;ve refunded the full <strong>{props.amount}</strong> to the card you paid
        with; depending on your bank it can take 5 to 10 working days to appear.
      </Text>
      <ScreeningDetails screening={props.screening} reference={props.reference} />
      <LinkButton href={props.screeningUrl}>See the seats that are left</LinkButton>
    </EmailLayout>
  );
}

export const latePaymentRefundedSubject = (filmTitle: string, reference: string) =>
  `We've refunded your payment for ${filmTitle} (booking ${reference})`;
