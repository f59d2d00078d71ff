// Types of bench/common.mjs, for the tests that share its seeded generator.
/** mulberry32: small, fast and reproducible from a seed. */
export function rng(seed: number): () => number;
export const WORDS: string[];
export function parseArgs(argv: readonly string[]): Record<string, string | true>;
/** `n` hex digits from a linear congruential sequence. */
export function seededHex(n: number, seed?: number): string;
