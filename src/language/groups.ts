/**
 * The words of groups: the `group` view, a member's own week, and the weekly review post. They
 * show only what src/services/groups.ts loaded (members who joined), consistency as shares rather
 * than raw counts, and encouragement without numbers: a group is for cheering, not shaming.
 */
import { wholePercent } from '../domain/percent.js';
import type { BestStreak, MemberWeek } from '../domain/groups.js';
import type { GroupReport } from '../services/groups.js';
import type { Group } from '../store/entities/index.js';
import { clockText } from './clock.js';
import { percent, streakText } from './format.js';
import { formatAmount } from './units.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** 1 → "Monday". */
export function weekdayName(weekday: number): string {
  return WEEKDAYS[weekday - 1] ?? '?';
}

/** "Mondays at 09:00 (Europe/Paris)", or "off". */
export function reviewTimeText(group: Group): string {
  if (!group.reviewEnabled) return 'off';
  return `${weekdayName(group.reviewWeekday)}s at ${clockText(group.reviewMinute)} (${group.timezone})`;
}

/** How a group is called in replies: "#general", or "this channel" when the platform gave no name. */
export function groupName(group: Group): string {
  if (!group.name) return 'this channel';
  return group.platform === 'telegram' ? group.name : `#${group.name}`;
}

/** "5 of 7 (71%)"; a fractional due (a per-month habit's share of the week) keeps one decimal. */
export function weekText(week: MemberWeek | undefined): string {
  if (!week || week.due === 0) return 'nothing due';
  const share = week.done / week.due;
  return `${formatAmount(Math.round(week.done * 10) / 10)} of ${formatAmount(Math.round(week.due * 10) / 10)} (${wholePercent(share)}%)`;
}

function bestStreakText(streak: BestStreak | null): string {
  return streak ? `🔥 ${streakText(streak.length, streak.unit)}` : 'no streak yet';
}

function groupStreakLine(report: GroupReport): string {
  const days = report.streak.length;
  if (report.members.length === 0) return 'Nobody has joined yet.';
  return days > 0
    ? `Group streak: **${streakText(days)}** of everyone doing at least one habit 🔥`
    : 'Group streak: none yet — a day where everyone does one habit starts it.';
}

/** The `group` view: who joined, their week, the group streak and the board. */
export function groupViewText(report: GroupReport): string {
  const { group } = report;
  const lines = [
    `**${groupName(group)}** is a Stride group. Weekly review: ${reviewTimeText(group)}.`,
    groupStreakLine(report),
  ];
  if (report.members.length) {
    lines.push('', '**This week**');
    for (const entry of report.board) {
      lines.push(`- ${entry.name}: ${weekText(report.weeks.get(entry.memberId))}`);
    }
    lines.push('', '**Board** (consistency over the last 7 days, then streak)');
    for (const entry of report.board) {
      const place = entry.rank === null ? '–' : `${entry.rank}.`;
      const consistency = entry.consistency === null ? 'nothing due' : percent(entry.consistency);
      lines.push(`- ${place} ${entry.name}: ${consistency} · ${bestStreakText(entry.bestStreak)}`);
    }
  }
  lines.push('', 'Share your weekly summary here with `group join`; stop with `group leave`.');
  return lines.join('\n');
}

/** A member's own week in the group, short enough for a Telegram alert (200 characters). */
export function myWeekText(report: GroupReport, memberId: string): string {
  const entry = report.board.find((row) => row.memberId === memberId);
  if (!entry) return 'You have not joined this group. `group join` shares your weekly summary here.';
  const place = entry.rank === null ? '' : ` You're #${entry.rank} on the board.`;
  return `Your week: ${weekText(report.weeks.get(memberId))}, ${bestStreakText(entry.bestStreak)}.${place}`;
}

/** The numbers a review is made of, and all that the AI summary may use. */
export interface ReviewFacts {
  group: string;
  weekStart: string;
  groupStreakDays: number;
  members: { name: string; week: string; consistency: string; streak: string }[];
  biggestImprovement: { name: string; from: string; to: string } | null;
  /** Names only: encouragement, never a comparison. */
  encourage: string[];
}

export function reviewFacts(report: GroupReport): ReviewFacts {
  return {
    group: groupName(report.group),
    weekStart: report.weekStart,
    groupStreakDays: report.streak.length,
    members: report.board.map((entry) => ({
      name: entry.name,
      week: weekText(report.weeks.get(entry.memberId)),
      consistency: entry.consistency === null ? 'nothing due' : percent(entry.consistency),
      streak: bestStreakText(entry.bestStreak),
    })),
    biggestImprovement: report.improvement && {
      name: report.improvement.name,
      from: percent(report.improvement.before),
      to: percent(report.improvement.now),
    },
    encourage: report.behind.map((member) => member.name),
  };
}

/** The summary a review carries without a language model: the same numbers, in plain words. */
export function templateSummary(facts: ReviewFacts): string {
  if (facts.members.length === 0) return 'Nobody has joined yet: `group join` to share your week here.';
  const sentences: string[] = [];
  const steady = facts.members.filter((member) => member.consistency === '100%').map((member) => member.name);
  if (steady.length) sentences.push(`${joinNames(steady)} kept every habit due this week.`);
  if (facts.groupStreakDays > 0)
    sentences.push(`Together you have a ${streakText(facts.groupStreakDays)} group streak going.`);
  if (facts.biggestImprovement)
    sentences.push(
      `${facts.biggestImprovement.name} climbed from ${facts.biggestImprovement.from} to ${facts.biggestImprovement.to}.`,
    );
  sentences.push('A new week starts now: one habit a day keeps the group streak alive.');
  return sentences.join(' ');
}

/** The review post's text (the chart and the "My week" button ride with it). */
export function reviewText(facts: ReviewFacts, summary: string): string {
  const lines = [`📊 **Weekly review** for ${facts.group}, week of ${facts.weekStart}`, '', summary, ''];
  if (facts.members.length) {
    for (const member of facts.members) lines.push(`- **${member.name}**: ${member.week} · ${member.streak}`);
    lines.push(
      '',
      facts.groupStreakDays > 0
        ? `Group streak: **${streakText(facts.groupStreakDays)}** 🔥`
        : 'Group streak: starts with the next day everyone does one habit.',
    );
  }
  if (facts.biggestImprovement)
    lines.push(
      `🚀 Biggest improvement: **${facts.biggestImprovement.name}**, ${facts.biggestImprovement.from} → ${facts.biggestImprovement.to}`,
    );
  if (facts.encourage.length)
    lines.push(
      `💛 Cheering on ${joinNames(facts.encourage)} this week: one small win today restarts a streak.`,
    );
  return lines.join('\n');
}

function joinNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
