import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { TestPaymentsBanner } from "@/components/layout/test-payments-banner";
import { geistMono, geistSans, geistSansRest } from "./fonts/fonts";
import { Toaster } from "@/components/ui/sonner";
import { testPaymentsBannerShown } from "@/server/config/env";
import "./globals.css";

export const metadata: Metadata = {
  metadataBase: new URL(process.env.APP_URL ?? "http://localhost:3000"),
  title: { default: "Marquee Cinemas", template: "%s · Marquee Cinemas" },
  description: "What's on, showtimes and tickets at Marquee Cinemas.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fdfcfa" },
    { media: "(prefers-color-scheme: dark)", color: "#1c1b22" },
  ],
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // Every page is rendered per request: Next puts proxy.ts's per-request CSP nonce on its scripts only then, and a
  // page prerendered at build would carry no nonce, so the policy would block its scripts.
  await connection();
  return (
    <html lang="en-GB" className={`${geistSans.variable} ${geistSansRest.variable} ${geistMono.variable}`}>
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="bg-primary text-primary-foreground sr-only z-50 rounded-md px-4 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
        >
          Skip to content
        </a>
        <TestPaymentsBanner show={testPaymentsBannerShown()} />
        <SiteHeader />
        <main id="main" className="flex-1">
          {children}
        </main>
        <SiteFooter />
        <Toaster />
      </body>
    </html>
  );
}
