/** A mistake in how swlint was called: exit 2 with a one-line message that says what to do. */
export class UsageError extends Error {}
