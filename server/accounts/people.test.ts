// The admins' calls on other people's accounts: disabling and re-enabling them, and adding staff who set their own
// password from an emailed code. Real PostgreSQL and Redis; mail is read from the EmailMessage rows as a person
// would read the development mailbox. Every admin here is new, so other files' admins never matter.
import { describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { SIGN_IN_REFUSAL } from "@/server/accounts";
import { expectAppError, expectRefusal } from "@/tests/support/errors";
import { withTestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

const services = withTestServices();

let ipCounter = 0;
/** A documentation address (RFC 5737, TEST-NET-1) per call, so sign-in rate limits never carry between tests. */
const freshIp = () => ({ ip: `192.0.2.${(ipCounter += 1) % 250}` });

const auditOf = (entityId: string) =>
  services.db.auditLog.findMany({ where: { entityType: "User", entityId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

async function invitationCode(email: string) {
  const [message] = await services.db.emailMessage.findMany({ where: { to: email }, orderBy: { createdAt: "desc" } });
  const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
  if (!message || !code) throw new Error(`no code mailed to ${email}`);
  return { message, code };
}

describe("disabling an account", () => {
  it("ends every session at once and refuses sign-in, saying so only to someone who knows the password", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const { user, password } = await createTestUser(services, { role: "STAFF" });
    const signedIn = await services.accounts.authenticate({ email: user.email, password }, freshIp());

    await expect(services.accounts.disableAccount({ actorId: admin.id, userId: user.id })).resolves.toEqual({ changed: true, disabled: true });

    // The session's version is stale, and the account reads as disabled: lib/auth/next-auth.ts drops the session.
    const state = await services.accounts.getSessionState(user.id);
    expect(state).toMatchObject({ disabled: true, sessionVersion: signedIn.sessionVersion + 1 });
    const refused = await expectRefusal(services.accounts.authenticate({ email: user.email, password }, freshIp()), SIGN_IN_REFUSAL.accountDisabled);
    expect(refused).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("disabled") });
    // A wrong password gets the same answer as for any account: guessing learns nothing about the disabling.
    await expectRefusal(services.accounts.authenticate({ email: user.email, password: "a wrong guess!!" }, freshIp()), SIGN_IN_REFUSAL.invalidCredentials);
  });

  it("is audited with before and after, and disabling again changes nothing", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const { user } = await createTestUser(services);
    await services.accounts.disableAccount({ actorId: admin.id, userId: user.id });
    await expect(services.accounts.disableAccount({ actorId: admin.id, userId: user.id })).resolves.toEqual({ changed: false, disabled: true });

    const { disabledAt, sessionVersion } = await services.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(disabledAt).toBeInstanceOf(Date);
    expect(sessionVersion).toBe(1);
    const entries = await auditOf(user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: admin.id,
      action: "user.disabled",
      details: { before: { disabledAt: null }, after: { disabledAt: disabledAt!.toISOString() } },
    });
  });

  it("can't be done to yourself, by anyone but an enabled admin, or to someone who doesn't exist", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const { user: staff } = await createTestUser(services, { role: "STAFF" });
    const { user } = await createTestUser(services);

    const self = await expectAppError(services.accounts.disableAccount({ actorId: admin.id, userId: admin.id }), "CONFLICT");
    expect(self.message).toMatch(/your own account/);
    await expectAppError(services.accounts.disableAccount({ actorId: staff.id, userId: user.id }), "FORBIDDEN");
    await expectAppError(services.accounts.disableAccount({ actorId: admin.id, userId: "no-such-user" }), "NOT_FOUND");
    expect(await services.accounts.getSessionState(admin.id)).toMatchObject({ disabled: false, sessionVersion: 0 });
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ disabled: false, sessionVersion: 0 });
    expect(await auditOf(user.id)).toHaveLength(0);
  });

  it("lets only one of two admins disabling each other at the same moment succeed", async () => {
    const { user: first } = await createTestUser(services, { role: "ADMIN" });
    const { user: second } = await createTestUser(services, { role: "ADMIN" });
    const results = await Promise.allSettled([
      services.accounts.disableAccount({ actorId: first.id, userId: second.id }),
      services.accounts.disableAccount({ actorId: second.id, userId: first.id }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const states = await Promise.all([first.id, second.id].map((id) => services.accounts.getSessionState(id)));
    expect(states.filter((state) => state?.disabled)).toHaveLength(1);
  });
});

describe("re-enabling an account", () => {
  it("lets the person sign in again with their password, audited with before and after", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const { user, password } = await createTestUser(services);
    await services.accounts.disableAccount({ actorId: admin.id, userId: user.id });
    const { disabledAt } = await services.db.user.findUniqueOrThrow({ where: { id: user.id } });

    await expect(services.accounts.enableAccount({ actorId: admin.id, userId: user.id })).resolves.toEqual({ changed: true, disabled: false });
    await expect(services.accounts.enableAccount({ actorId: admin.id, userId: user.id })).resolves.toEqual({ changed: false, disabled: false });
    await expect(services.accounts.authenticate({ email: user.email, password }, freshIp())).resolves.toMatchObject({ id: user.id });
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ disabled: false });

    const entries = await auditOf(user.id);
    expect(entries.map((entry) => entry.action)).toEqual(["user.disabled", "user.enabled"]);
    expect(entries[1]).toMatchObject({ actorId: admin.id, details: { before: { disabledAt: disabledAt!.toISOString() }, after: { disabledAt: null } } });
  });

  it("is for enabled admins only", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const { user: staff } = await createTestUser(services, { role: "STAFF" });
    const { user } = await createTestUser(services);
    await services.accounts.disableAccount({ actorId: admin.id, userId: user.id });
    await expectAppError(services.accounts.enableAccount({ actorId: staff.id, userId: user.id }), "FORBIDDEN");
    await expectAppError(services.accounts.enableAccount({ actorId: admin.id, userId: "no-such-user" }), "NOT_FOUND");
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ disabled: true });
  });
});

describe("adding a staff member", () => {
  it("creates a confirmed account nobody can sign in to, and emails a code that sets its password", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN", name: "Ada Admin" });
    const email = uniqueTestEmail("new-staff");

    const created = await services.accounts.createStaffAccount({ actorId: admin.id, name: "  Sam Projectionist ", email: email.toUpperCase(), role: "STAFF" });
    expect(created).toEqual({ userId: expect.any(String), emailSent: true });

    const user = await services.db.user.findUniqueOrThrow({ where: { id: created.userId } });
    expect(user).toMatchObject({ email, name: "Sam Projectionist", role: "STAFF", disabledAt: null, sessionVersion: 0 });
    expect(user.emailVerifiedAt).toBeInstanceOf(Date);
    // No password works until they choose one.
    await expectRefusal(services.accounts.authenticate({ email, password: "any password at all" }, freshIp()), SIGN_IN_REFUSAL.invalidCredentials);

    const { message, code } = await invitationCode(email);
    expect(message).toMatchObject({ tag: "staff-invitation", subject: `${code} is your code to set your Marquee password` });
    expect(message.text).toContain("Ada Admin");
    expect(message.html).toContain(`/reset-password?email=${encodeURIComponent(email)}`);

    // The reset-password page's own call sets it.
    await services.accounts.resetPassword({ email, code, newPassword: "my own staff password" }, freshIp());
    await expect(services.accounts.authenticate({ email, password: "my own staff password" }, freshIp())).resolves.toMatchObject({
      id: user.id,
      role: "STAFF",
    });

    const [entry] = await auditOf(user.id);
    expect(entry).toMatchObject({
      actorId: admin.id,
      action: "user.created",
      details: { before: null, after: { name: "Sam Projectionist", email, role: "STAFF" } },
    });
  });

  it("refuses an address that already has an account, and non-admins", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const { user: staff } = await createTestUser(services, { role: "STAFF" });
    const { user: existing } = await createTestUser(services);

    const taken = await expectAppError(
      services.accounts.createStaffAccount({ actorId: admin.id, name: "Someone", email: existing.email, role: "ADMIN" }),
      "CONFLICT",
    );
    expect(taken.message).toMatch(/already exists/);
    expect(await services.db.user.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ role: "CUSTOMER" });

    const email = uniqueTestEmail("not-by-staff");
    await expectAppError(services.accounts.createStaffAccount({ actorId: staff.id, name: "Someone", email, role: "STAFF" }), "FORBIDDEN");
    expect(await services.db.user.count({ where: { email } })).toBe(0);
    expect(await services.db.emailMessage.count({ where: { to: email } })).toBe(0);
  });

  it("over tRPC: the form's schema answers with field errors, and only staff roles can be given", async () => {
    const { session } = await createTestUser(services, { role: "ADMIN" });
    const admin = createTestCaller(services, session);

    const invalid = await admin.admin.createStaffAccount({ name: " ", email: "not-an-email", role: "STAFF" }).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ code: "BAD_REQUEST" });
    // The same zod schema as the browser's form, so the form puts these beside the fields (server/api/trpc.ts).
    const { cause } = invalid as { cause: unknown };
    expect(cause).toBeInstanceOf(ZodError);
    expect(z.flattenError(cause as ZodError).fieldErrors).toMatchObject({
      name: ["Enter their name."],
      email: [expect.stringContaining("valid email")],
    });

    const customer = await admin.admin
      .createStaffAccount({ name: "Cus Tomer", email: uniqueTestEmail("customer"), role: "CUSTOMER" as "STAFF" })
      .catch((error: unknown) => error);
    expect(customer).toMatchObject({ code: "BAD_REQUEST" });

    const email = uniqueTestEmail("via-trpc");
    await expect(admin.admin.createStaffAccount({ name: "Via Trpc", email, role: "ADMIN" })).resolves.toMatchObject({ emailSent: true });
    await expect(admin.admin.createStaffAccount({ name: "Again", email, role: "STAFF" })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
