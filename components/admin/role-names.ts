import type { Role } from "@/server/db/generated/enums";

/** How the admin pages name each role. */
export const roleNames: Record<Role, string> = {
  CUSTOMER: "Customer",
  STAFF: "Staff",
  MANAGER: "Manager",
  ADMIN: "Admin",
};
