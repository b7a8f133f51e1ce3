import { isDoneLog } from '../../../src/domain/logs.js';
import { buildHabit, log } from './builders.js';

const D = '2026-01-01';

describe('isDoneLog', () => {
  it('counts only done logs of a boolean habit', () => {
    const habit = buildHabit();
    expect(isDoneLog(habit, log(D, 'done'))).toBe(true);
    expect(isDoneLog(habit, log(D, 'skipped'))).toBe(false);
    expect(isDoneLog(habit, log(D, 'missed'))).toBe(false);
  });

  it('needs the amount to reach an at_least target', () => {
    const habit = buildHabit({ target: { amount: 5, unit: 'km', direction: 'at_least' } });
    expect(isDoneLog(habit, log(D, 'done', 5))).toBe(true);
    expect(isDoneLog(habit, log(D, 'done', 7.5))).toBe(true);
    expect(isDoneLog(habit, log(D, 'done', 4.99))).toBe(false);
    expect(isDoneLog(habit, log(D, 'done', 0))).toBe(false);
  });

  it('needs the amount to stay within an at_most target', () => {
    const habit = buildHabit({ target: { amount: 2, unit: 'coffees', direction: 'at_most' } });
    expect(isDoneLog(habit, log(D, 'done', 0))).toBe(true);
    expect(isDoneLog(habit, log(D, 'done', 2))).toBe(true);
    expect(isDoneLog(habit, log(D, 'done', 3))).toBe(false);
  });

  it('counts a numeric done log without amount as done', () => {
    const habit = buildHabit({ target: { amount: 5, unit: 'km', direction: 'at_least' } });
    expect(isDoneLog(habit, log(D, 'done', null))).toBe(true);
  });

  it('never counts skipped or missed logs, whatever their amount', () => {
    const habit = buildHabit({ target: { amount: 5, unit: 'km', direction: 'at_least' } });
    expect(isDoneLog(habit, log(D, 'skipped', 10))).toBe(false);
    expect(isDoneLog(habit, log(D, 'missed', 10))).toBe(false);
  });
});
