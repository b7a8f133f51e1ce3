/**
 * What members undo and forget in chat vanishes from the warehouse at the next sync (issue 15):
 * the real chat core (a `habit undo`, a `forget-me` confirmed with its button), not the services.
 */
import { Identity } from '../../../src/store/entities/index.js';
import { PostgresWarehouse } from '../../../src/warehouse/postgres.js';
import { syncWarehouse } from '../../../src/warehouse/sync.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;
const now = new Date('2026-11-20T12:00:00Z');

beforeEach(async () => {
  chat = await startTestChat({ now: now.toISOString() });
});
afterEach(() => chat.close());

const query = <T>(sql: string, params: unknown[] = []) => chat.services().em.execute<T[]>(sql, params);

it('drops an undone log and a forgotten member at the next sync', async () => {
  for (const user of ['ada', 'grace']) {
    await chat.say('habit add Read', { user });
    await chat.say('done read yesterday', { user });
    await chat.say('done read', { user });
  }
  const grace = await chat.services().em.findOneOrFail(Identity, { platformUserId: 'grace' });
  const warehouse = new PostgresWarehouse(chat.services().em);
  await syncWarehouse(chat.services().em, warehouse, { now });
  expect(await query(`select count(*)::int as n from analytics.fact_checkins`)).toEqual([{ n: 4 }]);

  expect((await chat.say('habit undo read yesterday', { user: 'ada' })).text).toContain('2026-11-19');
  const ask = await chat.say('forget-me', { user: 'grace' });
  expect((await chat.press(ask, 'Delete everything', { user: 'grace' })).text).toContain(
    'Everything is deleted',
  );
  const next = await syncWarehouse(chat.services().em, warehouse, { now });
  expect(next.mode).toBe('incremental');

  expect(await query(`select name from analytics.dim_users`)).toEqual([{ name: 'Ada' }]);
  expect(await query(`select local_date::text from analytics.fact_checkins`)).toEqual([
    { local_date: '2026-11-20' },
  ]);
  for (const table of ['dim_habits', 'fact_checkins', 'metrics_adherence', 'metrics_streak', 'metrics_risk'])
    expect([
      table,
      await query(`select 1 from analytics.${table} where user_id = ?`, [grace.user.id]),
    ]).toEqual([table, []]);
});
