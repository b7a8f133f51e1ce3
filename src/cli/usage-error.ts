/** A mistake in how a `stride` command was typed: its message is shown as it is, without a trace. */
export class CliUsageError extends Error {}
