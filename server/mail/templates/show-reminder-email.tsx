import { Text } from "@react-email/components";
import { type BookingEmailScreening, Greeting, LinkButton, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

export function ShowReminderEmail(props: {
  customerName: string | null;
  reference: string;
  screening: BookingEmailScreening;
  seatLabels: string[];
  startsIn: string;
  orderUrl: string;
}) {
  const seats = props.seatLabels.join(", ");
  return (
    <EmailLayout preview={`${props.screening.filmTitle} starts ${props.startsIn}`} heading={`See you ${props.startsIn}`}>
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        A reminder that <strong>{props.screening.filmTitle}</strong> starts {props.startsIn}. Your{" "}
        {props.seatLabels.length === 1 ? "seat is" : "seats are"} <strong>{seats}</strong>.
      </Text>
      <ScreeningDetails screening={props.screening} reference={props.reference} />
      <Text style={bodyTextStyle}>Adverts and trailers run before the film. Have your tickets ready at the door.</Text>
      <LinkButton href={props.orderUrl}>Show my tickets</LinkButton>
    </EmailLayout>
  );
}

export const showReminderSubject = (filmTitle: string, reference: string) => `Reminder: ${filmTitle} is coming up (booking ${reference})`;
