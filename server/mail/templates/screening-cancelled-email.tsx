import { Text } from "@react-email/components";
import { type BookingEmailScreening, Greeting, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

export function ScreeningCancelledEmail(props: {
  customerName: string | null;
  reference: string;
  screening: BookingEmailScreening;
  reason: string;
  /** "£24.00", or null when nothing was paid (a basket, a free booking). */
  refund: string | null;
}) {
  return (
    <EmailLayout preview={`${props.screening.filmTitle} has been cancelled`} heading="Your screening has been cancelled">
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        We&apos;re sorry: we have had to cancel this screening ({props.reason}). Your tickets are no longer valid.
      </Text>
      {props.refund ? (
        <Text style={bodyTextStyle}>
          We&apos;ve refunded <strong>{props.refund}</strong> to the card you paid with. Depending on your bank it can take 5 to 10 working days
          to appear.
        </Text>
      ) : null}
      <ScreeningDetails screening={props.screening} reference={props.reference} />
    </EmailLayout>
  );
}

export const screeningCancelledSubject = (filmTitle: string, reference: string) => `Cancelled: ${filmTitle} (booking ${reference})`;
