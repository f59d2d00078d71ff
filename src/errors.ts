/** A mistake in how swlint was called: exit 2 with a one-line message that says what to do. */
export class UsageError extends Error {}

/**
 * JSON.parse's complaint without the excerpt of the input that V8 quotes
 * (`Unexpected token 'P', "{"a": PTabcdef01"... is not valid JSON`): a file that failed to
 * parse may hold a secret, and messages must never show one.
 */
export function jsonSyntaxMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, ' (not valid JSON)').split('\n')[0]!;
}
