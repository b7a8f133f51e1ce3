/** stillToDo: what a reminder lists of a habit on a day. */
import { stillToDo } from '../../../src/domain/reminders.js';
import { buildHabit, log } from './builders.js';

// 2026-11-20 is a Friday; its week began on Monday 2026-11-16.
const FRIDAY = '2026-11-20';

describe('stillToDo', () => {
  it('lists a due habit until a log settles the day: done, skipped or missed', () => {
    const habit = buildHabit();
    expect(stillToDo(habit, [], FRIDAY)).toEqual({ due: true });
    for (const status of ['done', 'skipped', 'missed'] as const)
      expect(stillToDo(habit, [log(FRIDAY, status)], FRIDAY)).toEqual({ due: false });
    // Another day's log says nothing about this one.
    expect(stillToDo(habit, [log('2026-11-19')], FRIDAY)).toEqual({ due: true });
  });

  it('leaves out days the schedule does not make due, days before the start and paused days', () => {
    expect(stillToDo(buildHabit({ schedule: { kind: 'weekdays', days: ['sat'] } }), [], FRIDAY).due).toBe(
      false,
    );
    expect(stillToDo(buildHabit({ schedule: { kind: 'weekdays', days: ['fri'] } }), [], FRIDAY).due).toBe(
      true,
    );
    expect(stillToDo(buildHabit({ startDate: '2026-11-21' }), [], FRIDAY).due).toBe(false);
    expect(stillToDo(buildHabit({ pausedSpans: [{ from: '2026-11-10', to: null }] }), [], FRIDAY).due).toBe(
      false,
    );
  });

  it('keeps an at-least habit open while the amount is short of its target', () => {
    const habit = buildHabit({ target: { amount: 20, unit: 'pages', direction: 'at_least' } });
    expect(stillToDo(habit, [log(FRIDAY, 'done', 5)], FRIDAY).due).toBe(true);
    expect(stillToDo(habit, [log(FRIDAY, 'done', 20)], FRIDAY).due).toBe(false);
  });

  it("counts a per-week habit's done days in the week so far, and drops it once the count is reached", () => {
    const habit = buildHabit({ schedule: { kind: 'per_period', times: 3, period: 'week' } });
    const twice = [log('2026-11-16'), log('2026-11-18'), log('2026-11-15'), log('2026-11-17', 'skipped')];
    expect(stillToDo(habit, twice, FRIDAY)).toEqual({
      due: true,
      progress: { done: 2, times: 3, period: 'week' },
    });
    expect(stillToDo(habit, [...twice, log('2026-11-19')], FRIDAY)).toEqual({
      due: false,
      progress: { done: 3, times: 3, period: 'week' },
    });
    // Done today: settled for today, though the week still needs one more.
    expect(stillToDo(habit, [log(FRIDAY)], FRIDAY).due).toBe(false);
  });

  it('judges the day by the rules in force on it', () => {
    const habit = buildHabit({
      schedule: { kind: 'weekdays', days: ['mon'] },
      history: [{ until: '2026-11-20', schedule: { kind: 'daily' }, target: null }],
    });
    expect(stillToDo(habit, [], FRIDAY).due).toBe(true);
    expect(stillToDo(habit, [], '2026-11-21').due).toBe(false);
  });
});
