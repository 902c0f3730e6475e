// Manager approval at the till: a manager approves by role, a clerk only with a manager's PIN, and the approval is
// recorded against exactly one manager. Real PostgreSQL and Redis; every person here is new, so other files'
// managers (and their PINs) never matter beyond what each test says.
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashPassword } from "@/server/accounts/passwords";
import { expectAppError } from "@/tests/support/errors";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();
/** Eight digits no other file uses. */
const freshPin = () => `9${randomInt(1_000_000, 9_999_999)}`;

describe("manager approval", () => {
  it("approves a manager by role and a clerk only with a manager's PIN, which names that manager", async () => {
    const { user: manager } = await createTestUser(services, { role: "MANAGER" });
    const { user: clerk } = await createTestUser(services, { role: "STAFF" });
    const pin = freshPin();
    await services.approvals.setManagerPin({ actor: manager, pin });

    await expect(services.approvals.approve({ actor: manager, what: "Comps" })).resolves.toEqual({ approverId: manager.id });
    await expectAppError(services.approvals.approve({ actor: clerk, what: "Comps" }), "FORBIDDEN", "MANAGER_REQUIRED");
    await expectAppError(services.approvals.approve({ actor: clerk, what: "Comps", managerPin: "0000" }), "FORBIDDEN", "BAD_PIN");
    await expect(services.approvals.approve({ actor: clerk, what: "Comps", managerPin: pin })).resolves.toEqual({ approverId: manager.id });
    const audit = await services.db.auditLog.findMany({ where: { entityType: "User", entityId: manager.id, action: "user.manager_pin_set" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.details)).not.toContain(pin);
  });

  it("refuses a PIN another manager has, and never attributes a shared one to either", async () => {
    const { user: first } = await createTestUser(services, { role: "MANAGER" });
    const { user: second } = await createTestUser(services, { role: "MANAGER" });
    const { user: clerk } = await createTestUser(services, { role: "STAFF" });
    const pin = freshPin();
    await services.approvals.setManagerPin({ actor: first, pin });
    await expectAppError(services.approvals.setManagerPin({ actor: second, pin }), "BAD_REQUEST", "PIN_TAKEN");
    // Setting your own PIN again is fine.
    await services.approvals.setManagerPin({ actor: first, pin });

    // A PIN shared from before (written around the check) approves nobody.
    await services.db.user.update({ where: { id: second.id }, data: { managerPinHash: await hashPassword(pin, 4) } });
    await expectAppError(services.approvals.approve({ actor: clerk, what: "Refunds", managerPin: pin }), "FORBIDDEN", "AMBIGUOUS_PIN");
  });

  it("stops a clerk guessing after a few wrong PINs", async () => {
    const { user: clerk } = await createTestUser(services, { role: "STAFF" });
    for (let i = 0; i < 5; i += 1) {
      await expectAppError(services.approvals.approve({ actor: clerk, what: "Comps", managerPin: "0001" }), "FORBIDDEN", "BAD_PIN");
    }
    await expectAppError(services.approvals.approve({ actor: clerk, what: "Comps", managerPin: "0001" }), "TOO_MANY_REQUESTS");
  });
});
