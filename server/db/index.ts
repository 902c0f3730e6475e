export * from "./generated/client";
export { createDatabase, db, type Database } from "./client";
