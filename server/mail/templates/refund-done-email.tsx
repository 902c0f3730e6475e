import { Text } from "@react-email/components";
import { type BookingEmailScreening, Greeting, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

export function RefundDoneEmail(props: { customerName: string | null; reference: string; screening: BookingEmailScreening; amount: string }) {
  return (
    <EmailLayout preview={`We've refunded ${props.amount} for ${props.screening.filmTitle}`} heading="Your refund is on its way">
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        We&apos;ve cancelled your tickets and refunded <strong>{props.amount}</strong> to the card you paid with. Depending on
        your bank it can take 5 to 10 working days to appear.
      </Text>
      <ScreeningDetails screening={props.screening} reference={props.reference} />
      <Text style={bodyTextStyle}>Your tickets for this screening are no longer valid.</Text>
    </EmailLayout>
  );
}

export const refundDoneSubject = (filmTitle: string, reference: string) => `Refund for ${filmTitle} (booking ${reference})`;
