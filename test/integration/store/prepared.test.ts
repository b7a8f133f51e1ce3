/**
 * The hot path's prepared statements (src/store/prepared.ts): the same rows as em.execute, the
 * transaction's connection inside a transaction, and a statement prepared before a migration
 * changed its table still answers after it.
 */
import { queryPrepared } from '../../../src/store/prepared.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.orm.em
    .getConnection()
    .execute(`create table prepared_probe (id int primary key, note text)`);
  await database.orm.em
    .getConnection()
    .execute(`insert into prepared_probe values (1, 'what?'), (2, 'plain'), (3, 'x')`);
});

afterAll(() => database.drop());

const em = () => database.orm.em.fork();

it('answers as em.execute does', async () => {
  const sql = `select id, note from prepared_probe where id >= ? and note <> ? order by id`;
  const prepared = await queryPrepared<Record<string, unknown>>(em(), sql, [2, 'x']);
  expect(prepared).toEqual([{ id: 2, note: 'plain' }]);
  expect(prepared).toEqual(await em().execute(sql, [2, 'x']));
});

it('leaves a ? inside a quoted literal as text', async () => {
  const sql = `select 'why?' as asked, note from prepared_probe where id = ?`;
  expect(await queryPrepared(em(), sql, [1])).toEqual([{ asked: 'why?', note: 'what?' }]);
});

it('runs inside a transaction on the transaction’s connection', async () => {
  await em()
    .transactional(async (tx) => {
      await tx.execute(`insert into prepared_probe values (9, 'in the transaction')`);
      const seen = await queryPrepared<{ id: number }>(tx, `select id from prepared_probe where id = ?`, [9]);
      expect(seen).toEqual([{ id: 9 }]);
      throw new Error('roll back');
    })
    .catch((error: Error) => expect(error.message).toBe('roll back'));
  expect(await queryPrepared(em(), `select id from prepared_probe where id = ?`, [9])).toEqual([]);
});

it('prepares a `select *` again after a migration changed its table, on every pooled connection', async () => {
  const sql = `select * from prepared_probe where id = ?`;
  // Many at once, so that the statement is prepared on several of the pool's connections.
  const before = await Promise.all(Array.from({ length: 12 }, () => queryPrepared(em(), sql, [1])));
  expect(before.every((rows) => JSON.stringify(rows) === JSON.stringify([{ id: 1, note: 'what?' }]))).toBe(
    true,
  );

  await database.orm.em.getConnection().execute(`alter table prepared_probe add column added int default 7`);
  const after = await Promise.all(Array.from({ length: 12 }, () => queryPrepared(em(), sql, [1])));
  for (const rows of after) expect(rows).toEqual([{ id: 1, note: 'what?', added: 7 }]);
});
