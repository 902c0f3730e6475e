import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

// Inline styles only: most mail clients drop <style> blocks and ignore class names.
const colors = {
  page: "#f4f4f5",
  card: "#ffffff",
  text: "#18181b",
  muted: "#71717a",
  border: "#e4e4e7",
};

export function EmailLayout({ preview, heading, children }: { preview: string; heading: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: colors.page, fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container
          style={{
            backgroundColor: colors.card,
            border: `1px solid ${colors.border}`,
            borderRadius: 12,
            margin: "0 auto",
            maxWidth: 480,
            padding: "32px 28px",
          }}
        >
          <Text style={{ color: colors.muted, fontSize: 13, fontWeight: 700, letterSpacing: 2, margin: 0 }}>MARQUEE</Text>
          <Heading as="h1" style={{ color: colors.text, fontSize: 22, lineHeight: "30px", margin: "16px 0 8px" }}>
            {heading}
          </Heading>
          <Section>{children}</Section>
          <Hr style={{ borderColor: colors.border, margin: "28px 0 16px" }} />
          <Text style={{ color: colors.muted, fontSize: 12, lineHeight: "18px", margin: 0 }}>
            You received this email because someone used this address at Marquee. If that wasn&apos;t you, you can
            ignore it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const bodyTextStyle = { color: colors.text, fontSize: 15, lineHeight: "24px", margin: "12px 0" };

export function CodeBlock({ code }: { code: string }) {
  return (
    <Text
      style={{
        backgroundColor: colors.page,
        borderRadius: 8,
        color: colors.text,
        fontFamily: "'SFMono-Regular', Menlo, Consolas, monospace",
        fontSize: 32,
        fontWeight: 700,
        letterSpacing: 8,
        margin: "20px 0",
        padding: "16px 0",
        textAlign: "center",
      }}
    >
      {code}
    </Text>
  );
}
