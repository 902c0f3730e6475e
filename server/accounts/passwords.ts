// Password hashes. Native bcrypt hashes on libuv's thread pool, so the quarter second or more of CPU a cost-12
// check takes doesn't stall the event loop that every other request in the process shares (npm run
// bench:passwords measures it against bcryptjs, which did). The hashes are ordinary $2b$ strings, so hashes
// written by bcryptjs still verify.
import bcrypt from "bcrypt";

export const BCRYPT_COST = 12;

export function hashPassword(password: string, cost = BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

export function passwordCost(hash: string): number {
  return bcrypt.getRounds(hash);
}
