import { Text } from "@react-email/components";
import { type BookingEmailScreening, Greeting, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

export function ScreeningChangedEmail(props: { customerName: string | null; reference: string; screening: BookingEmailScreening; previously: string }) {
  return (
    <EmailLayout preview={`${props.screening.filmTitle} now starts ${props.screening.when}`} heading="Your screening has a new time">
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        The screening you booked has moved. It was <strong>{props.previously}</strong>; it is now <strong>{props.screening.when}</strong>. Your
        seats and tickets stay the same and remain valid.
      </Text>
      <ScreeningDetails screening={props.screening} reference={props.reference} />
      <Text style={bodyTextStyle}>If the new time doesn&apos;t suit you, reply to this email or ask at the box office.</Text>
    </EmailLayout>
  );
}

export const screeningChangedSubject = (filmTitle: string, reference: string, when: string) =>
  `New time for ${filmTitle}: ${when} (booking ${reference})`;
