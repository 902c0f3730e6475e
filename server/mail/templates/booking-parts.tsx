import { Button, Column, Row, Section, Text } from "@react-email/components";
import { bodyTextStyle } from "./layout";

// Pieces shared by the booking emails (confirmation, reminder, expiry, refunds).

export interface BookingEmailScreening {
  filmTitle: string;
  /** Already formatted in the cinema's time zone, e.g. "Friday 27 November 2026, 19:30". */
  when: string;
  cinemaName: string;
  cinemaAddress: string;
  hallName: string;
}

const labelStyle = { color: "#71717a", fontSize: 13, lineHeight: "20px", margin: 0 };
const valueStyle = { color: "#18181b", fontSize: 15, fontWeight: 600, lineHeight: "22px", margin: "0 0 10px" };

export function ScreeningDetails({ screening, reference }: { screening: BookingEmailScreening; reference: string }) {
  return (
    <Section style={{ backgroundColor: "#f4f4f5", borderRadius: 8, margin: "16px 0", padding: "16px 18px" }}>
      <Text style={labelStyle}>Film</Text>
      <Text style={valueStyle}>{screening.filmTitle}</Text>
      <Text style={labelStyle}>When</Text>
      <Text style={valueStyle}>{screening.when}</Text>
      <Text style={labelStyle}>Where</Text>
      <Text style={valueStyle}>
        {screening.cinemaName}, {screening.hallName}
        <br />
        <span style={{ fontWeight: 400 }}>{screening.cinemaAddress}</span>
      </Text>
      <Text style={labelStyle}>Booking reference</Text>
      <Text style={{ ...valueStyle, fontFamily: "'SFMono-Regular', Menlo, Consolas, monospace", letterSpacing: 2, margin: 0 }}>
        {reference}
      </Text>
    </Section>
  );
}

export function LinkButton({ href, children }: { href: string; children: string }) {
  return (
    <Section style={{ margin: "20px 0" }}>
      <Button
        href={href}
        style={{
          backgroundColor: "#18181b",
          borderRadius: 8,
          color: "#ffffff",
          fontSize: 15,
          fontWeight: 600,
          padding: "12px 20px",
          textDecoration: "none",
        }}
      >
        {children}
      </Button>
    </Section>
  );
}

export function Greeting({ name }: { name: string | null }) {
  return <Text style={bodyTextStyle}>{name ? `Hi ${name},` : "Hello,"}</Text>;
}

export function AmountRow({ label, amount, strong }: { label: string; amount: string; strong?: boolean }) {
  const style = { color: "#18181b", fontSize: 14, fontWeight: strong ? 700 : 400, lineHeight: "22px", margin: 0 };
  return (
    <Row>
      <Column>
        <Text style={style}>{label}</Text>
      </Column>
      <Column align="right">
        <Text style={style}>{amount}</Text>
      </Column>
    </Row>
  );
}
