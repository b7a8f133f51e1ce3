/**
 * Quiet hours hold what Stride starts on its own initiative — nudges, risk alerts, celebrations —
 * until they end (reminders are set by the member for a time of their choosing and are not held).
 */
import { quietUntil } from '../domain/wall-clock.js';

/** The part of a member that says when they are quiet. */
export interface QuietMember {
  timezone: string;
  quietStartMinute: number | null;
  quietEndMinute: number | null;
}

/**
 * When a message enqueued at `now` for `member` may be sent: the end of their quiet hours when
 * `now` falls in them, else undefined (at once). Set it as the message's `notBefore`.
 */
export function quietHold(now: Date, member: QuietMember): Date | undefined {
  if (member.quietStartMinute === null || member.quietEndMinute === null) return undefined;
  return quietUntil(now, member.timezone, { start: member.quietStartMinute, end: member.quietEndMinute });
}
