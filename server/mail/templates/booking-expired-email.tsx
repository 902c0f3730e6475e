import { Text } from "@react-email/components";
import { type BookingEmailScreening, Greeting, LinkButton, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

export function BookingExpiredEmail(props: {
  customerName: string | null;
  reference: string;
  screening: BookingEmailScreening;
  checkoutMinutes: number;
  screeningUrl: string;
}) {
  return (
    <EmailLayout preview={`Your booking for ${props.screening.filmTitle} wasn't completed`} heading="Your booking expired">
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        We held your seats for {props.checkoutMinutes} minutes, but the payment wasn&apos;t completed in time, so we&apos;ve
        released them. You haven&apos;t been charged.
      </Text>
      <ScreeningDetails screening={props.screening} reference={props.reference} />
      <Text style={bodyTextStyle}>If you&apos;d still like to come, there may be seats left:</Text>
      <LinkButton href={props.screeningUrl}>Choose seats again</LinkButton>
    </EmailLayout>
  );
}

export const bookingExpiredSubject = (filmTitle: string, reference: string) => `Your booking for ${filmTitle} expired (${reference})`;
