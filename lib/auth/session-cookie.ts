// Whether a request carries an Auth.js session cookie at all. Without one there is no session to read, so the route
// and the pages skip Auth.js (its cookie parsing, JWT decryption and the session check against the database)
// entirely: most traffic is anonymous and pays nothing for sessions.
//
// The names are Auth.js v5's defaults (this app sets no `cookies` option): `authjs.session-token`, with `__Secure-`
// over HTTPS, split into `.0`, `.1`, ... when the token is too big for one cookie.
const SESSION_COOKIE = /(?:^|;)\s*(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

export function hasSessionCookie(cookieHeader: string | null | undefined): boolean {
  return !!cookieHeader && SESSION_COOKIE.test(cookieHeader);
}
