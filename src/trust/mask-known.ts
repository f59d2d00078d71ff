// Snippet context must not give back a secret the engine found on the same line, whatever
// shape it has there: a token split into short literals ('PTddbb…' + 'de23…' + …) is made of
// runs too short to look like a credential on their own. Any run of word characters in the
// context that is part of a secret found in the chunk is masked whole.

const RUN = /[A-Za-z0-9_-]{4,}/g;

/** `context` with every run of 4+ word characters that occurs inside one of `secrets` replaced by `…`. */
export function maskKnownSecrets(context: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return context;
  return context.replace(RUN, (run) => (secrets.some((s) => s.includes(run)) ? '…' : run));
}
