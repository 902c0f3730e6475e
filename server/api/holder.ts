import { randomBytes } from "node:crypto";

// Who owns a seat hold on the web. Signed-in customers hold as themselves; guests hold through an anonymous,
// unguessable browser token in an httpOnly cookie, so that leaving and coming back finds the same basket.
export const HOLDER_COOKIE = "mq_holder";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const ONE_DAY_SECONDS = 24 * 60 * 60;

export function readHolderToken(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === HOLDER_COOKIE) {
      const value = rest.join("=");
      return TOKEN_PATTERN.test(value) ? value : null;
    }
  }
  return null;
}

export function newHolderToken(): string {
  return randomBytes(24).toString("base64url");
}

export function holderCookie(token: string, secure: boolean): string {
  return `${HOLDER_COOKIE}=${token}; Path=/; Max-Age=${ONE_DAY_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

export function holderKeyFor(userId: string | null, guestToken: string | null): string | null {
  if (userId) return `user:${userId}`;
  return guestToken ? `guest:${guestToken}` : null;
}
