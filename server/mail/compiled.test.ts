import { Text } from "@react-email/components";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { ticketQrPngDataUrl } from "@/server/booking/qr";
import { newTicketCode } from "@/server/booking/tokens";
import { compiledTemplate, renderEmail } from "./compiled";
import {
  BookingConfirmationEmail,
  type BookingConfirmationEmailProps,
  renderBookingConfirmationEmail,
} from "./templates/booking-confirmation-email";
import { EmailLayout } from "./templates/layout";

// Strings a customer or an admin can type (names, film titles, promo codes, products), including what HTML escapes,
// what html-to-text collapses, and what React rewrites.
const awkward = [
  "Ann",
  "O'Brien & Sons",
  'Say "hi" <b>now</b>',
  "Zoë Ångström 山田",
  "Double  space",
  " leading",
  "trailing ",
  "tab\there",
  "line\nbreak",
  "zero\u200bwidth",
  "&amp; already",
  "javascript:alert(1)",
  "#fragment",
  "",
  "x",
  "zqslot0qz",
];

/** An order's confirmation; with `like`, another order of the same shape (screening, counts, optional parts). */
function randomProps(random: () => number, like?: BookingConfirmationEmailProps): BookingConfirmationEmailProps {
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const maybe = (text: string) => (random() < 0.08 ? pick(awkward) : text);
  const screenings = [
    { filmTitle: "Paddington", when: "Friday 27 November 2026, 19:30", cinemaName: "Marquee Leith", cinemaAddress: "1 Shore, Edinburgh EH6 6QW", hallName: "Screen 1" },
    { filmTitle: "Héloïse & \"Co\"", when: "Saturday 28 November 2026, 21:00", cinemaName: "Marquee", cinemaAddress: "2 Road", hallName: "Screen <2>" },
  ];
  const reference = maybe(pick(["M7K2P9", "Q4R8T2"]));
  const token = pick(["AbC_12-x", "zz9-Y_"]);
  const ticketCount = like ? like.tickets.length : 1 + Math.floor(random() * 3);
  const quantities = like ? (like.items ?? []).map((item) => item.quantity) : random() < 0.5 ? [] : [1, 2].slice(0, 1 + Math.floor(random() * 2));
  const hasName = like ? like.customerName !== null : random() >= 0.3;
  const hasDiscount = like ? like.discount !== null : random() < 0.5;
  const hasFee = like ? like.bookingFee !== null : random() < 0.5;
  return {
    customerName: hasName ? maybe(pick(["Ada Lovelace", "Grace Hopper"])) : null,
    reference,
    screening: like?.screening ?? pick(screenings),
    tickets: Array.from({ length: ticketCount }, (_, n) => {
      const code = newTicketCode();
      return {
        seatLabel: maybe(`${pick(["C", "AA"])}${n + 1}`),
        description: maybe(pick(["Adult", "Child · Premium seat", "Concession"])),
        price: maybe(pick(["£10.50", "€9,00", "$12.00"])),
        code,
        qrDataUrl: `data:image/png;base64,${Buffer.from(code).toString("base64")}`,
        ticketUrl: maybe(`https://tickets.example.com/tickets/${code}?token=${token}&x=1`),
      };
    }),
    items: quantities.map((quantity) => ({ name: maybe(pick(["Popcorn", "Cola & ice"])), quantity, price: pick(["£4.00", "£12.50"]) })),
    subtotal: maybe(pick(["£21.00", "£3.00"])),
    discount: hasDiscount ? { label: maybe(pick(["Promo code SPRING", "Promo code O'HARE"])), amount: maybe("£2.00") } : null,
    bookingFee: hasFee ? maybe(pick(["£1.00", "£0.75"])) : null,
    total: maybe(pick(["£20.00", "£1,020.00"])),
    orderUrl: maybe(`https://tickets.example.com/orders/${reference}?token=${token}`),
    refundCutoff: like?.refundCutoff ?? pick(["an hour", "90 minutes"]),
  };
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed from its seed. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("compiled email templates", () => {
  it("the confirmation comes out exactly as the mailer renders the template, HTML and text, whatever the strings", async () => {
    const seed = Date.now() % 100_000;
    const random = seeded(seed);
    const before = { ...renderBookingConfirmationEmail.counts };
    const mismatches: number[] = [];
    const shapes: BookingConfirmationEmailProps[] = [];
    // 20 shapes, 8 orders each: the first compiles the shape, the others are filled in.
    for (let n = 0; n < 160; n++) {
      const props = n % 8 === 0 ? randomProps(random) : randomProps(random, shapes.at(-1));
      if (n % 8 === 0) shapes.push(props);
      const [compiled, full] = await Promise.all([renderBookingConfirmationEmail(props), renderEmail(BookingConfirmationEmail(props))]);
      if (compiled.html !== full.html || compiled.text !== full.text) mismatches.push(n);
    }
    expect({ seed, mismatches }).toEqual({ seed, mismatches: [] });
    // Some were filled in (the awkward strings send the rest through the full render).
    expect(renderBookingConfirmationEmail.counts.filled - before.filled).toBeGreaterThan(40);
  }, 60_000);

  it("a screening's orders of one shape are rendered once, then filled in, with real QR images", async () => {
    const props = randomProps(seeded(1));
    const shapeOf = (codes: string[], qr: string[]): BookingConfirmationEmailProps => ({
      ...props,
      customerName: "Ada Lovelace",
      reference: "Q1W2E3",
      screening: { ...props.screening, filmTitle: `Shape test ${newTicketCode()}` },
      tickets: codes.map((code, n) => ({ seatLabel: `D${n + 1}`, description: "Adult", price: "£10.50", code, qrDataUrl: qr[n]!, ticketUrl: `https://t.example/${code}` })),
      items: [],
      discount: null,
      bookingFee: null,
      subtotal: "£21.00",
      total: "£21.00",
      orderUrl: "https://t.example/orders/Q1W2E3",
    });
    const before = { ...renderBookingConfirmationEmail.counts };
    const title = `Shape test ${newTicketCode()}`;
    for (let n = 0; n < 20; n++) {
      const codes = [newTicketCode(), newTicketCode()];
      const qr = await Promise.all(codes.map(ticketQrPngDataUrl));
      const order = { ...shapeOf(codes, qr), screening: { ...props.screening, filmTitle: title } };
      const compiled = await renderBookingConfirmationEmail(order);
      expect(compiled).toEqual(await renderEmail(BookingConfirmationEmail(order)));
      expect(compiled.html).toContain(qr[1]);
    }
    expect(renderBookingConfirmationEmail.counts.filled - before.filled).toBe(20);
    // The first order of the shape, rendered in full to check the compiled copy.
    expect(renderBookingConfirmationEmail.counts.rendered - before.rendered).toBe(1);
  });

  it("a template that reads a filled-in string (not only prints it) is caught on its first message and rendered in full", async () => {
    const Shouting = ({ name }: { name: string }) =>
      EmailLayout({
        preview: "Hello",
        heading: "Hello",
        children: [createElement(Text, { key: 1 }, name.toUpperCase()), createElement(Text, { key: 2 }, name.length > 5 ? "long" : "short")],
      });
    const renderShouting = compiledTemplate<{ name: string }>({ template: Shouting, shape: () => "one", slots: (props, slot) => ({ name: slot(props.name) }) });
    for (const name of ["Ada", "Grace", "Margaret"]) {
      expect(await renderShouting({ name })).toEqual(await renderEmail(Shouting({ name })));
    }
    expect(renderShouting.counts).toEqual({ filled: 0, rendered: 4 });
  });
});
