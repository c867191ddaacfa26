/** A user's search words inside LIKE/ILIKE: % and _ are literal, not wildcards. */
export const escapeLike = (s: string): string => s.replace(/[%_\\]/g, '\\$&');
