// What the inventory's Lua scripts answer (a JSON string) and what a request key remembers, and how to read them.
import type { AppError } from "@/server/errors";

export type ScriptReply = {
  status: "OK" | "NOT_LOADED" | "REFUSED" | "REPLAY" | "LOST";
  [field: string]: unknown;
};

/** What a request key remembers (written by hold.lua, or by the app when PostgreSQL refused the hold). */
export type RequestRecord =
  | { fp: string; state: "held"; deadlines: unknown; sold: unknown; waived: unknown }
  | { fp: string; state: "refused"; refusal: ScriptReply }
  | { fp: string; state: "error"; code: AppError["code"]; message: string; details?: Record<string, unknown> };

export const parseReply = (raw: string | number): ScriptReply => JSON.parse(String(raw)) as ScriptReply;

/** Lua's cjson writes an empty array as {}. */
export const list = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);
export const record = (value: unknown): Record<string, number> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, number>) : {};
