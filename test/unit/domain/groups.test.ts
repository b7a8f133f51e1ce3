import {
  biggestImprovement,
  fellBehind,
  groupBoard,
  groupStreak,
  memberWeek,
} from '../../../src/domain/groups.js';
import type { GroupHabit, GroupMember } from '../../../src/domain/groups.js';
import type { DayLog, HabitRules, LocalDate } from '../../../src/domain/types.js';
import { buildHabit, datesFrom, doneDays, log, plus } from './builders.js';

// 2026-01-05 is a Monday: the ISO week 2026-W02 runs 01-05..01-11.
const MON = '2026-01-05';
const SUN = '2026-01-11';

function habit(logs: DayLog[], overrides: Partial<HabitRules> = {}): GroupHabit {
  return { rules: buildHabit(overrides), logs };
}

function member(id: string, today: LocalDate, habits: GroupHabit[], name = id): GroupMember {
  return { id, name, today, habits };
}

const weekly3: Partial<HabitRules> = { schedule: { kind: 'per_period', times: 3, period: 'week' } };
const weekdays: Partial<HabitRules> = {
  schedule: { kind: 'weekdays', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
};

describe('memberWeek', () => {
  it('counts done against due days of the ISO week, excusing skips', () => {
    const logs = [...doneDays(MON, 5), log('2026-01-10', 'skipped'), log(SUN, 'missed')];
    const week = memberWeek(member('a', SUN, [habit(logs)]), '2026-01-08');
    expect(week).toEqual({ memberId: 'a', weekStart: MON, weekEnd: SUN, done: 5, due: 6 });
  });

  it('counts the current week up to today, an open today not yet due', () => {
    const logs = doneDays(MON, 2);
    expect(memberWeek(member('a', '2026-01-07', [habit(logs)]), MON)).toMatchObject({ done: 2, due: 2 });
    const settled = [...logs, log('2026-01-07', 'missed')];
    expect(memberWeek(member('a', '2026-01-07', [habit(settled)]), MON)).toMatchObject({ done: 2, due: 3 });
  });

  it('counts a past week to its Sunday: a Sunday with nothing logged was missed, not open', () => {
    // Reviewed on the next Monday: the week has ended, so its unlogged Sunday was due.
    const week = memberWeek(member('a', '2026-01-12', [habit(doneDays(MON, 5))]), MON);
    expect(week).toMatchObject({ done: 5, due: 7 });
  });

  it('counts a per-week habit by its period: the whole week, capped at its count', () => {
    const two = [log(MON), log('2026-01-07')];
    expect(memberWeek(member('a', SUN, [habit(two, weekly3)]), MON)).toMatchObject({ done: 2, due: 3 });
    const five = doneDays(MON, 5);
    expect(memberWeek(member('a', SUN, [habit(five, weekly3)]), MON)).toMatchObject({ done: 3, due: 3 });
    // Mid-week the week still asks for its whole count.
    expect(memberWeek(member('a', '2026-01-06', [habit([log(MON)], weekly3)]), MON)).toMatchObject({
      done: 1,
      due: 3,
    });
  });

  it('excuses paused days, lowering a per-week count pro rata', () => {
    const pausedSpans = [{ from: '2026-01-08', to: null }];
    const daily = habit(doneDays(MON, 3), { pausedSpans });
    expect(memberWeek(member('a', SUN, [daily]), MON)).toMatchObject({ done: 3, due: 3 });
    // 3 active days of 7: ceil(3 * 3 / 7) = 2 required.
    const perWeek = habit([log(MON)], { ...weekly3, pausedSpans });
    expect(memberWeek(member('a', SUN, [perWeek]), MON)).toMatchObject({ done: 1, due: 2 });
  });

  it('adds up habits, and gives a per-month habit its pro-rata share', () => {
    const monthly = habit([log(MON), log('2026-01-06')], {
      schedule: { kind: 'per_period', times: 10, period: 'month' },
    });
    const week = memberWeek(member('a', SUN, [habit(doneDays(MON, 7)), monthly]), MON);
    // 7 + the week's share of 10 per month; 2 done is under the share of 10 * 7 / 31 = 2.26.
    expect(week.done).toBe(9);
    expect(week.due).toBeCloseTo(7 + (10 * 7) / 31, 12);
    const busy = habit(doneDays(MON, 5), { schedule: { kind: 'per_period', times: 10, period: 'month' } });
    const capped = memberWeek(member('a', SUN, [busy]), MON);
    expect(capped.done).toBeCloseTo((10 * 7) / 31, 12);
    expect(capped.due).toBeCloseTo((10 * 7) / 31, 12);
  });

  it('is 0 of 0 for a member with no habits, or whose week has not begun in their zone', () => {
    expect(memberWeek(member('a', SUN, []), MON)).toMatchObject({ done: 0, due: 0 });
    // The group is on Monday 01-12 already; this member is still on Sunday 01-11.
    const behind = member('b', SUN, [habit(doneDays(MON, 7))]);
    expect(memberWeek(behind, '2026-01-12')).toEqual({
      memberId: 'b',
      weekStart: '2026-01-12',
      weekEnd: '2026-01-18',
      done: 0,
      due: 0,
    });
    const ahead = member('c', '2026-01-12', [habit([...doneDays(MON, 7), log('2026-01-12', 'missed')])]);
    expect(memberWeek(ahead, '2026-01-12')).toMatchObject({ done: 0, due: 1 });
  });
});

describe('groupStreak', () => {
  const today = '2026-01-10';

  it('is 0 for an empty group', () => {
    expect(groupStreak([])).toEqual({ length: 0, start: null, end: null });
  });

  it('counts days on which every member completed a habit', () => {
    const group = [
      member('a', today, [habit(doneDays('2026-01-01', 10))]),
      member('b', today, [habit(doneDays('2026-01-01', 10))]),
    ];
    expect(groupStreak(group)).toEqual({ length: 10, start: '2026-01-01', end: today });
  });

  it('ends yesterday while a member still has today open, and breaks on a miss', () => {
    const a = member('a', today, [habit(doneDays('2026-01-01', 10))]);
    const b = member('b', today, [habit([...doneDays('2026-01-01', 4), ...doneDays('2026-01-06', 4)])]);
    // b did nothing on 01-05: the run is 01-06..01-09; today is still open for b.
    expect(groupStreak([a, b])).toEqual({ length: 4, start: '2026-01-06', end: '2026-01-09' });
    const settled = member('b', today, [habit([...doneDays('2026-01-06', 4), log(today, 'missed')])]);
    expect(groupStreak([a, settled]).length).toBe(0);
  });

  it('passes over a member with no habits, or nothing due that day (skipped, paused, not scheduled)', () => {
    const a = member('a', today, [habit(doneDays('2026-01-01', 10))]);
    expect(groupStreak([a, member('empty', today, [])]).length).toBe(10);
    const skipper = member('s', today, [
      habit([...doneDays('2026-01-01', 4), log('2026-01-05', 'skipped'), ...doneDays('2026-01-06', 5)]),
    ]);
    expect(groupStreak([a, skipper]).length).toBe(10);
    const paused = member('p', today, [
      habit(doneDays('2026-01-01', 3), { pausedSpans: [{ from: '2026-01-04', to: null }] }),
    ]);
    expect(groupStreak([a, paused]).length).toBe(10);
    // Weekdays only: the weekend of 01-03/01-04 is passed over for this member.
    const worker = member('w', today, [
      habit(
        datesFrom('2026-01-01', today)
          .filter((d) => !['2026-01-03', '2026-01-04', '2026-01-10'].includes(d))
          .map((d) => log(d)),
        weekdays,
      ),
    ]);
    expect(groupStreak([a, worker]).length).toBe(10);
  });

  it('lets a day with nobody due break nothing and count nothing', () => {
    const fri = '2026-01-09';
    const workdays = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', fri, '2026-01-02'];
    const group = [
      member('a', '2026-01-11', [
        habit(
          workdays.map((d) => log(d)),
          { ...weekdays, startDate: '2026-01-02' },
        ),
      ]),
      member('b', '2026-01-11', [
        habit(
          workdays.map((d) => log(d)),
          { ...weekdays, startDate: '2026-01-02' },
        ),
      ]),
    ];
    // Weekends 01-03/04 and 01-10/11 are transparent: 6 weekdays, ending Friday.
    expect(groupStreak(group)).toEqual({ length: 6, start: '2026-01-02', end: fri });
  });

  it('counts a per-week habit done day as completed, and never owes its other days', () => {
    const a = member('a', today, [habit(doneDays('2026-01-01', 10))]);
    const weekly = member('w', today, [habit([log('2026-01-08')], weekly3)]);
    expect(groupStreak([a, weekly])).toEqual({ length: 10, start: '2026-01-01', end: today });
  });

  it('judges each member on their own calendar when zones put them on different days', () => {
    const ahead = member('ahead', '2026-01-11', [habit(doneDays('2026-01-01', 11))]);
    const behind = member('behind', today, [habit(doneDays('2026-01-01', 10))]);
    // 01-11 has not begun for `behind`: the run ends 01-10.
    expect(groupStreak([ahead, behind])).toEqual({ length: 10, start: '2026-01-01', end: today });
    const behindOpen = member('behind', today, [habit(doneDays('2026-01-01', 9))]);
    expect(groupStreak([ahead, behindOpen])).toEqual({ length: 9, start: '2026-01-01', end: '2026-01-09' });
  });
});

describe('groupBoard', () => {
  const today = '2026-01-14';
  const week = plus(today, -6);

  it('ranks by 7-day consistency, so one habit is judged like ten', () => {
    const one = member('one', today, [habit(doneDays(week, 7))]);
    // Ten habits, each done 6 of 7 days: 60 done, more than `one`, but 6/7 consistency.
    const ten = member(
      'ten',
      today,
      Array.from({ length: 10 }, () => habit([...doneDays(week, 6), log(today, 'missed')])),
    );
    const board = groupBoard([ten, one]);
    expect(board.map((r) => r.memberId)).toEqual(['one', 'ten']);
    expect(board[0]).toMatchObject({ consistency: 1, rank: 1, nothingDue: false });
    expect(board[1]!.consistency).toBeCloseTo(6 / 7, 12);
    expect(board[1]!.rank).toBe(2);
  });

  it('breaks a tie by best current streak (weeks counted as 7 days), then by name, sharing ranks', () => {
    // Both 7 of 7 this week; the streaks differ.
    const long = member('long', today, [habit(doneDays('2026-01-01', 14))]);
    const short = member('short', today, [habit(doneDays(week, 7))]);
    const weeklyLogs = ['2026-01-01', '2026-01-03', '2026-01-05', '2026-01-07', '2026-01-09']
      .concat(['2026-01-12', '2026-01-13', today])
      .map((d) => log(d));
    // The partial first week (2 of its share), then 3 and 3: a 3-week streak, 21 days > 14.
    const weekly = member('weekly', today, [habit(weeklyLogs, { ...weekly3, startDate: '2026-01-01' })]);
    const board = groupBoard([short, long, weekly]);
    expect(board.map((r) => r.memberId)).toEqual(['weekly', 'long', 'short']);
    expect(board[0]!.bestStreak).toEqual({ length: 3, unit: 'weeks' });
    expect(board[1]!.bestStreak).toEqual({ length: 14, unit: 'days' });

    const twin = member('twin', today, [habit(doneDays(week, 7))], 'Ada');
    const other = member('other', today, [habit(doneDays(week, 7))], 'Bea');
    const tied = groupBoard([other, twin, short]);
    expect(tied.map((r) => r.name)).toEqual(['Ada', 'Bea', 'short']);
    expect(tied.map((r) => r.rank)).toEqual([1, 1, 1]);
  });

  it('lists members with nothing due last, unranked and marked, by streak then name', () => {
    const active = member('active', today, [habit([...doneDays(week, 3), log(plus(week, 3), 'missed')])]);
    const paused = member('paused', today, [
      habit(doneDays('2026-01-01', 5), { pausedSpans: [{ from: '2026-01-06', to: null }] }),
    ]);
    const empty = member('empty', today, []);
    const board = groupBoard([empty, paused, active]);
    expect(board.map((r) => [r.memberId, r.rank, r.nothingDue])).toEqual([
      ['active', 1, false],
      ['paused', null, true],
      ['empty', null, true],
    ]);
    expect(groupBoard([])).toEqual([]);
  });
});

describe('biggestImprovement and fellBehind', () => {
  const today = '2026-01-14';
  const thisWeek = datesFrom(plus(today, -6), today);
  const lastWeek = datesFrom(plus(today, -13), plus(today, -7));
  /** A daily habit done on the first `before` days of last week and `now` days of this week; the rest missed. */
  function rising(id: string, before: number, now: number): GroupMember {
    const logs = [
      ...lastWeek.map((d, i) => log(d, i < before ? 'done' : 'missed')),
      ...thisWeek.map((d, i) => log(d, i < now ? 'done' : 'missed')),
    ];
    return member(id, today, [habit(logs, { startDate: lastWeek[0]! })]);
  }

  it('names the member whose consistency rose most', () => {
    const best = biggestImprovement([rising('a', 5, 6), rising('b', 2, 6), rising('c', 7, 3)]);
    expect(best).toMatchObject({ memberId: 'b', before: 2 / 7, now: 6 / 7 });
    expect(best!.rise).toBeCloseTo(4 / 7, 12);
  });

  it('is null when nobody improved, and skips a member with nothing due last week', () => {
    expect(biggestImprovement([rising('a', 6, 6), rising('c', 7, 3)])).toBeNull();
    expect(biggestImprovement([])).toBeNull();
    const newcomer = member('new', today, [habit(doneDays(thisWeek[0]!, 7), { startDate: thisWeek[0]! })]);
    expect(biggestImprovement([newcomer, rising('a', 6, 6)])).toBeNull();
  });

  it('breaks a tie in improvement by name', () => {
    const tie = [
      { ...rising('z', 3, 6), name: 'Zoe' },
      { ...rising('y', 2, 5), name: 'Abe' },
    ];
    expect(biggestImprovement(tie)?.name).toBe('Abe');
  });

  it('lists who fell below the threshold by name, without numbers, never the empty-handed', () => {
    const group = [
      { ...rising('z', 7, 1), name: 'Zoe' },
      { ...rising('m', 7, 3), name: 'Max' },
      { ...rising('a', 7, 2), name: 'Ann' },
      { ...rising('ok', 7, 6), name: 'Oli' },
      member('empty', today, [], 'Eve'),
    ];
    expect(fellBehind(group)).toEqual([
      { memberId: 'a', name: 'Ann' },
      { memberId: 'm', name: 'Max' },
      { memberId: 'z', name: 'Zoe' },
    ]);
    expect(fellBehind(group, 0.2).map((e) => e.name)).toEqual(['Zoe']);
    expect(fellBehind([])).toEqual([]);
  });
});
