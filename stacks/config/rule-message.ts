/** How configuration rules word their messages: the broken rule, then its fix, split by FIX. */

/** Separates the broken rule from its fix inside an issue message; validate.ts splits on it. */
export const FIX = ' ⟶ ';

export const rule = (broken: string, fix: string): string => `${broken}${FIX}${fix}`;
