// The session state that every signed-in request checks comes from Redis (session-cache.ts), and every change that
// ends sessions invalidates it when it commits: a bumped version is refused on the very next read, in this process
// and in any other. Real PostgreSQL and Redis.
import { afterAll, describe, expect, it, vi } from "vitest";
import { createSessionStateCache } from "@/server/accounts/session-cache";
import type { SessionState } from "@/server/accounts";
import { createTestServices, withTestServices } from "@/tests/support/services";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

const services = withTestServices();
// A second app process: its own connections, the same database and Redis prefix.
const other = createTestServices();
afterAll(() => other.dispose());

let ipCounter = 0;
const freshIp = () => ({ ip: `198.51.100.${(ipCounter += 1) % 250}` });

async function mailedCode(email: string, kind: string): Promise<string> {
  const messages = await services.db.emailMessage.findMany({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const code = messages.map((message) => message.subject.includes(kind) && /\b(\d{6})\b/.exec(message.text)?.[1]).find(Boolean);
  if (!code) throw new Error(`no ${kind} mailed to ${email}`);
  return code;
}

describe("the session state cache", () => {
  it("answers repeated checks without reading PostgreSQL", async () => {
    const { user } = await createTestUser(services);
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 0 });
    // Changed behind the accounts service's back (nothing invalidates): the cached state is what the check sees, in
    // this process and in another, which is how we know the check no longer queries the database.
    await services.db.user.update({ where: { id: user.id }, data: { sessionVersion: 41 } });
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 0 });
    expect(await other.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 0 });
  });

  it("refuses a bumped version at once after signing out everywhere, in every process", async () => {
    const { user } = await createTestUser(services);
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 0 });
    expect(await other.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 0 });
    await services.accounts.signOutEverywhere(user.id);
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 1 });
    expect(await other.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 1 });
  });

  it("sees a role change, a disabling and a re-enabling at once", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const { user } = await createTestUser(services);
    expect(await other.accounts.getSessionState(user.id)).toEqual({ sessionVersion: 0, role: "CUSTOMER", emailVerified: true, disabled: false });

    await services.accounts.changeRole({ actorId: admin.id, userId: user.id, role: "STAFF" });
    expect(await other.accounts.getSessionState(user.id)).toEqual({ sessionVersion: 1, role: "STAFF", emailVerified: true, disabled: false });

    await services.accounts.disableAccount({ actorId: admin.id, userId: user.id });
    expect(await other.accounts.getSessionState(user.id)).toEqual({ sessionVersion: 2, role: "STAFF", emailVerified: true, disabled: true });

    await services.accounts.enableAccount({ actorId: admin.id, userId: user.id });
    expect(await other.accounts.getSessionState(user.id)).toEqual({ sessionVersion: 2, role: "STAFF", emailVerified: true, disabled: false });
  });

  it("sees a verified address and a password reset at once", async () => {
    const email = uniqueTestEmail("session-cache");
    await services.accounts.signUp({ name: "Cache Test", email, password: "correct horse battery staple" }, freshIp());
    const { id } = await services.db.user.findUniqueOrThrow({ where: { email } });
    expect(await other.accounts.getSessionState(id)).toMatchObject({ emailVerified: false, sessionVersion: 0 });

    await services.accounts.verifyEmail({ email, code: await mailedCode(email, "verification code") }, freshIp());
    expect(await other.accounts.getSessionState(id)).toMatchObject({ emailVerified: true, sessionVersion: 0 });

    await services.accounts.requestPasswordReset({ email }, freshIp());
    await services.accounts.resetPassword({ email, code: await mailedCode(email, "password reset code"), newPassword: "a brand new password" }, freshIp());
    expect(await other.accounts.getSessionState(id)).toMatchObject({ sessionVersion: 1 });
  });

  it("never puts back a state read before a change that committed while the read was in flight", async () => {
    const cache = createSessionStateCache(services.redis);
    const userId = `race-${uniqueTestEmail()}`;
    const before: SessionState = { sessionVersion: 3, role: "CUSTOMER", emailVerified: true, disabled: false };
    const after: SessionState = { ...before, sessionVersion: 4 };
    // The read loads the old row; the change commits and invalidates before the read stores what it loaded.
    const raced = await cache.read(userId, async () => {
      await cache.changed(userId);
      return before;
    });
    expect(raced).toEqual(before);
    // The next read must go back to the database rather than trust the stale store.
    expect(await cache.read(userId, async () => after)).toEqual(after);
    expect(await cache.read(userId, async () => before)).toEqual(after);
  });

  it("many concurrent reads racing a change leave only the new state cached", async () => {
    const cache = createSessionStateCache(services.redis);
    const userId = `race-${uniqueTestEmail()}`;
    const old: SessionState = { sessionVersion: 0, role: "CUSTOMER", emailVerified: true, disabled: false };
    let started = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const staleLoad = async () => {
      started += 1;
      await gate;
      return old;
    };
    const reads = Array.from({ length: 50 }, () => cache.read(userId, staleLoad));
    // Every read has loaded the old row and not stored it yet when the change commits.
    await vi.waitFor(() => expect(started).toBe(50));
    await cache.changed(userId);
    release();
    await Promise.all(reads);
    expect(await cache.read(userId, async () => ({ ...old, sessionVersion: 1 }))).toMatchObject({ sessionVersion: 1 });
  });
});
