import { TICKET_CODE_PATTERN } from "@/server/booking/tokens";

// What a scanner or a clerk hands the door is not always the bare code: a USB scanner types what the QR carries
// (the code), a phone's camera app may have been used to open the ticket's page (a /tickets/<code> link), and a clerk
// types in lower case, with spaces, or misreads Crockford's look-alikes (O for 0, I or L for 1).
export function normalizeScan(raw: string): string | null {
  let text = raw.trim();
  const link = /\/tickets\/([^/?#\s]+)/i.exec(text);
  if (link?.[1]) text = decodeURIComponent(link[1]);
  const code = text
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return TICKET_CODE_PATTERN.test(code) ? code : null;
}
