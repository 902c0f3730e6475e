import { Hr, Img, Section, Text } from "@react-email/components";
import { compiledTemplate } from "../compiled";
import { AmountRow, type BookingEmailScreening, Greeting, LinkButton, ScreeningDetails } from "./booking-parts";
import { bodyTextStyle, EmailLayout } from "./layout";

export interface ConfirmationTicket {
  seatLabel: string;
  /** "Adult", "Child", …; with the seat kind when it isn't a standard seat ("Adult · Premium seat"). */
  description: string;
  price: string;
  code: string;
  /** The ticket code as a QR image (PNG data URL): shown at the door. */
  qrDataUrl: string;
  ticketUrl: string;
}

export interface BookingConfirmationEmailProps {
  customerName: string | null;
  reference: string;
  screening: BookingEmailScreening;
  tickets: ConfirmationTicket[];
  /** Concessions added at checkout, to collect at the counter. */
  items?: Array<{ name: string; quantity: number; price: string }>;
  subtotal: string;
  discount: { label: string; amount: string } | null;
  /** The price plan's booking fee, when there is one. */
  bookingFee?: string | null;
  total: string;
  orderUrl: string;
  /** "an hour", "90 minutes": how long before the show refunds close. */
  refundCutoff: string;
}

export function BookingConfirmationEmail(props: BookingConfirmationEmailProps) {
  const count = props.tickets.length;
  return (
    <EmailLayout
      preview={`Your ${count === 1 ? "ticket" : `${count} tickets`} for ${props.screening.filmTitle}, ${props.screening.when}`}
      heading="You're booked"
    >
      <Greeting name={props.customerName} />
      <Text style={bodyTextStyle}>
        Thanks for booking with Marquee. Show the QR code of each ticket at the door, on your phone or printed.
      </Text>
      <ScreeningDetails screening={props.screening} reference={props.reference} />
      {props.tickets.map((ticket) => (
        <Section
          key={ticket.code}
          style={{ border: "1px solid #e4e4e7", borderRadius: 8, margin: "12px 0", padding: "16px", textAlign: "center" }}
        >
          <Text style={{ color: "#18181b", fontSize: 18, fontWeight: 700, margin: "0 0 4px" }}>Seat {ticket.seatLabel}</Text>
          <Text style={{ color: "#71717a", fontSize: 14, margin: "0 0 12px" }}>
            {ticket.description} · {ticket.price}
          </Text>
          <Img
            src={ticket.qrDataUrl}
            width="180"
            height="180"
            alt={`QR code for ticket ${ticket.code}, seat ${ticket.seatLabel}`}
            style={{ margin: "0 auto" }}
          />
          <Text style={{ color: "#18181b", fontFamily: "'SFMono-Regular', Menlo, Consolas, monospace", fontSize: 13, letterSpacing: 1, margin: "8px 0 0" }}>
            {ticket.code}
          </Text>
          <Text style={{ fontSize: 13, margin: "6px 0 0" }}>
            <a href={ticket.ticketUrl} style={{ color: "#18181b" }}>
              Open or print this ticket
            </a>
          </Text>
        </Section>
      ))}
      {props.items?.length ? (
        <Section style={{ border: "1px solid #e4e4e7", borderRadius: 8, margin: "12px 0", padding: "12px 16px" }}>
          <Text style={{ color: "#18181b", fontSize: 16, fontWeight: 700, margin: "0 0 4px" }}>Snacks and drinks</Text>
          <Text style={{ color: "#71717a", fontSize: 13, margin: "0 0 8px" }}>
            Please collect at the counter: give your booking reference {props.reference}.
          </Text>
          {props.items.map((item) => (
            <AmountRow key={item.name} label={`${item.quantity} × ${item.name}`} amount={item.price} />
          ))}
        </Section>
      ) : null}
      <Hr style={{ borderColor: "#e4e4e7", margin: "16px 0" }} />
      <AmountRow label="Subtotal" amount={props.subtotal} />
      {props.discount ? <AmountRow label={props.discount.label} amount={`−${props.discount.amount}`} /> : null}
      {props.bookingFee ? <AmountRow label="Booking fee" amount={props.bookingFee} /> : null}
      <AmountRow label="Total paid" amount={props.total} strong />
      <LinkButton href={props.orderUrl}>View your booking</LinkButton>
      <Text style={bodyTextStyle}>Changed your plans? You can ask for a refund from your booking page until {props.refundCutoff} before the show.</Text>
    </EmailLayout>
  );
}

export const bookingConfirmationSubject = (filmTitle: string, reference: string) => `Your tickets for ${filmTitle} (booking ${reference})`;

/**
 * The confirmation rendered as the mailer would render `BookingConfirmationEmail(props)`, compiled per shape (see
 * `../compiled.ts`): a screening's orders with the same number of tickets and items share one rendering.
 */
export const renderBookingConfirmationEmail = compiledTemplate<BookingConfirmationEmailProps>({
  template: BookingConfirmationEmail,
  // The screening is printed, but also read: the preview line is padded to a length that depends on it. Quantities are
  // numbers, not strings.
  shape: (props) => [
    Boolean(props.customerName),
    props.screening,
    props.tickets.length,
    props.items?.map((item) => item.quantity) ?? [],
    props.discount !== null,
    Boolean(props.bookingFee),
    props.refundCutoff,
  ],
  slots: (props, slot) => ({
    ...props,
    customerName: props.customerName ? slot(props.customerName) : props.customerName,
    reference: slot(props.reference),
    tickets: props.tickets.map((ticket) => ({
      seatLabel: slot(ticket.seatLabel),
      description: slot(ticket.description),
      price: slot(ticket.price),
      code: slot(ticket.code),
      qrDataUrl: slot(ticket.qrDataUrl),
      ticketUrl: slot(ticket.ticketUrl),
    })),
    items: props.items?.map((item) => ({ name: slot(item.name), quantity: item.quantity, price: slot(item.price) })),
    subtotal: slot(props.subtotal),
    discount: props.discount && { label: slot(props.discount.label), amount: slot(props.discount.amount) },
    bookingFee: props.bookingFee ? slot(props.bookingFee) : props.bookingFee,
    total: slot(props.total),
    orderUrl: slot(props.orderUrl),
  }),
});
