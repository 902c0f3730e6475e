// The search limits, in a module of their own without zod: the header's search box is a client component on every
// page, and importing schemas.ts there would ship zod and the schemas to every page for one number.
export const SEARCH_QUERY_MAX = 100;
export const SEARCH_LIMIT_MAX = 50;
