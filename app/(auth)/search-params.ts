import { emailSchema } from "@/server/accounts/schemas";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** An email address from the query string, or undefined when it isn't one (the form then asks for it). */
export function emailParam(value: string | string[] | undefined): string | undefined {
  const parsed = emailSchema.safeParse(firstParam(value) ?? "");
  return parsed.success ? parsed.data : undefined;
}
