import type { Role } from "@/server/db/generated/enums";

// Demo sign-ins, one per role. The README, the demo script and the end-to-end tests import these rather than
// repeating the strings, so changing a password here changes it everywhere.

export type DemoAccount = {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly role: Role;
  /** A manager's approval PIN at another clerk's till. */
  readonly managerPin?: string;
};

export const demoAccounts = {
  customer: {
    email: "customer@marquee.local",
    password: "marquee-customer",
    name: "Casey Customer",
    role: "CUSTOMER",
  },
  staff: {
    email: "staff@marquee.local",
    password: "marquee-staff",
    name: "Sam Staff",
    role: "STAFF",
  },
  manager: {
    email: "manager@marquee.local",
    password: "marquee-manager",
    name: "Morgan Manager",
    role: "MANAGER",
    managerPin: "2468",
  },
  admin: {
    email: "admin@marquee.local",
    password: "marquee-admin",
    name: "Avery Admin",
    role: "ADMIN",
  },
} as const satisfies Record<string, DemoAccount>;

export type DemoAccountKey = keyof typeof demoAccounts;

export const demoAccountList: readonly DemoAccount[] = Object.values(demoAccounts);

export const DEMO_PASSWORD_BCRYPT_COST = 10;
