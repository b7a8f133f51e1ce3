import { goalContribution, goalProgress } from '../../../src/domain/goals.js';
import { buildHabit, log } from './builders.js';

const D = '2026-01-01';

describe('goalContribution', () => {
  it('adds the contribution of a done boolean log, 1 by default', () => {
    const habit = buildHabit();
    expect(goalContribution(habit, undefined, log(D))).toBe(1);
    expect(goalContribution(habit, null, log(D))).toBe(1);
    expect(goalContribution(habit, 2.5, log(D))).toBe(2.5);
    expect(goalContribution(habit, 2.5, log(D, 'skipped'))).toBe(0);
    expect(goalContribution(habit, 2.5, log(D, 'missed'))).toBe(0);
  });

  it('adds the logged amount of a done at_least log, short of the target or not, or the target when none was given', () => {
    const habit = buildHabit({ target: { amount: 5, unit: 'km', direction: 'at_least' } });
    expect(goalContribution(habit, 1, log(D, 'done', 12))).toBe(12);
    expect(goalContribution(habit, 1, log(D, 'done', null))).toBe(5);
    expect(goalContribution(habit, 1, log(D, 'done', 3))).toBe(3);
    expect(goalContribution(habit, 1, log(D, 'skipped', 3))).toBe(0);
  });

  it('adds the contribution of a kept at_most day, not the amount consumed', () => {
    const habit = buildHabit({ target: { amount: 2, unit: 'coffees', direction: 'at_most' } });
    expect(goalContribution(habit, null, log(D, 'done', 1))).toBe(1);
    expect(goalContribution(habit, null, log(D, 'done', 3))).toBe(0);
  });
});

describe('goalProgress', () => {
  it('reports progress with the fraction capped at 1', () => {
    expect(goalProgress(100, 25)).toEqual({ current: 25, target: 100, fraction: 0.25, completed: false });
    expect(goalProgress(100, 100)).toEqual({ current: 100, target: 100, fraction: 1, completed: true });
    expect(goalProgress(100, 130)).toEqual({ current: 130, target: 100, fraction: 1, completed: true });
    expect(goalProgress(100, -5).fraction).toBe(0);
    expect(goalProgress(0, 0)).toEqual({ current: 0, target: 0, fraction: 1, completed: true });
  });
});
