/**
 * missForecasts: the domain forecast over a member's active habits, as the mentor page reads it:
 * likeliest miss first, per-period and paused habits left out, the member's own today.
 */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import { missForecasts, WARNING_THRESHOLD } from '../../../src/services/forecast.js';
import { updateHabit } from '../../../src/services/habits.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const events = new InProcessEventBus();
const services = (now = '2026-11-25T18:00:00Z') => ({
  em: database.orm.em.fork(),
  events,
  now: () => new Date(now),
});

it('forecasts each active day-based habit, likeliest miss first', async () => {
  const member = await buildMember(services(), { name: 'Ada' });
  const thursdays = { kind: 'weekdays' as const, days: ['thu' as const] };
  const run = await buildHabit(services('2026-10-29T12:00:00Z'), member, {
    name: 'Run',
    schedule: thursdays,
    startDate: '2026-10-29',
  });
  const read = await buildHabit(services('2026-10-29T12:00:00Z'), member, {
    name: 'Read',
    schedule: thursdays,
    startDate: '2026-10-29',
  });
  for (const date of ['2026-10-29', '2026-11-05', '2026-11-12', '2026-11-19']) {
    await buildLog(services(`${date}T12:00:00Z`), read, { date });
    if (date === '2026-10-29') await buildLog(services(`${date}T12:00:00Z`), run, { date });
  }
  await buildHabit(services(), member, {
    name: 'Swim',
    schedule: { kind: 'per_period', times: 2, period: 'week' },
  });
  const gone = await buildHabit(services(), member, { name: 'Gone' });
  await updateHabit(services(), member, gone.id, { status: 'paused' });

  const forecasts = await missForecasts(services(), member);
  expect(forecasts.map((f) => f.habitName)).toEqual(['Run', 'Read']);
  // Run: 3 of 4 Thursdays missed, overall 4/6, trend capped: (3 + 8/6) / 6 + 0.15.
  expect(forecasts[0]).toMatchObject({
    habitId: run.id,
    date: '2026-11-26',
    weekday: 'thu',
    missedSameWeekday: 3,
    sameWeekdaySamples: 4,
    reason: 'missed 3 of the last 4 Thursdays, and slipping (0% done in the last 2 weeks against 25% over 8)',
  });
  expect(forecasts[0]!.probability).toBeCloseTo((3 + 8 / 6) / 6 + 0.15, 10);
  expect(forecasts[0]!.probability).toBeGreaterThan(WARNING_THRESHOLD);
  // Read: done all four, overall 1/6: (0 + 2/6) / 6 = 1/18.
  expect(forecasts[1]!.probability).toBeCloseTo(1 / 18, 10);
  expect(forecasts[1]!.reason).toBe('missed 0 of the last 4 Thursdays');
});
