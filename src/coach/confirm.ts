/**
 * The one confirmation of a log the coach proposes, offline or with Gemini: what would be logged,
 * and buttons that run the ordinary `habit log` command, so a proposal is checked exactly like a
 * typed log and nothing is written until the member presses.
 */
import { spellDate } from '../language/dates.js';
import { quote } from '../language/tokens.js';
import { amountText } from '../language/units.js';
import type { CoachAnswer } from './answer.js';
import { addDays } from '../domain/dates.js';
import type { LocalDate, LogStatus } from '../domain/types.js';
import type { LogProposal } from './understand.js';

const STATUS_WORD: Record<LogStatus, string> = { done: 'done', skipped: 'skip', missed: 'miss' };
const MAX_CHOICES = 5;

/** The `habit log` command line that logs a proposal (dated, so a late press logs the same day). */
export function logCommand(habitName: string, date: LocalDate, status: LogStatus, amount?: number): string {
  return `habit log ${quote([habitName])} ${date} ${STATUS_WORD[status]}${amount !== undefined ? ` ${amount}` : ''}`;
}

/** "today", "yesterday", or "Monday 23 November 2026"-style words for a day. */
export function dayWords(date: LocalDate, today: LocalDate): string {
  if (date === today) return 'today';
  if (date === addDays(today, -1)) return 'yesterday';
  return spellDate(date);
}

/** "Log **Run** 5 km for yesterday?" with Log / Not now buttons; several habits ask which. */
export function confirmLog(proposals: LogProposal[], today: LocalDate): CoachAnswer {
  const dismiss = { label: 'Not now', style: 'default' as const, command: 'coach dismiss' };
  const what = (proposal: LogProposal) => {
    const verb = { done: 'Log', skipped: 'Skip', missed: 'Mark as missed:' }[proposal.status];
    const amount =
      proposal.amount !== undefined && proposal.habit.target
        ? ` ${amountText(proposal.amount, proposal.habit.target.unit)}`
        : '';
    return `${verb} **${proposal.habit.name}**${amount} for ${dayWords(proposal.date, today)}`;
  };
  const button = (proposal: LogProposal, label: string) => ({
    label: label.slice(0, 75),
    style: 'primary' as const,
    command: logCommand(proposal.habit.name, proposal.date, proposal.status, proposal.amount),
  });
  if (proposals.length === 1) {
    const proposal = proposals[0]!;
    const notes = [
      proposal.conversion && `(${proposal.conversion})`,
      proposal.caveat && `(${proposal.caveat}.)`,
    ]
      .filter(Boolean)
      .join(' ');
    return {
      text: `${what(proposal)}?${notes ? ` ${notes}` : ''}`,
      actions: [button(proposal, '✓ Yes, log it'), dismiss],
    };
  }
  const shown = proposals.slice(0, MAX_CHOICES);
  return {
    text: `Which habit was that? ${shown.map((proposal) => `**${proposal.habit.name}**`).join(' or ')}`,
    actions: [
      ...shown.map((proposal) => button(proposal, `${what(proposal).replace(/\*\*/g, '')}`)),
      dismiss,
    ],
  };
}
