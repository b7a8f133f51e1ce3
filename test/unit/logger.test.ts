import { redactSql, redactStatements, serializeError, type SerializedError } from '../../src/logger.js';

describe('the err serializer', () => {
  it('keeps a database error to its class, SQLSTATE and statement without literals', () => {
    const error = Object.assign(
      new Error(
        `update "habit_logs" set "note" = 'met ''Grace'' at 7' where "id" = 42 - invalid input syntax for type integer: "tok_secret"`,
      ),
      {
        severity: 'ERROR',
        code: '22P02',
        routine: 'pg_strtoint32_safe',
        detail: 'Key (note)=(secret)',
        where: 'x',
      },
    );
    const serialized = serializeError(error) as SerializedError;
    expect(serialized).toMatchObject({
      type: 'Error',
      code: '22P02',
      message: 'database error 22P02',
      sql: 'update "habit_logs" set "note" = ? where "id" = ?',
    });
    const text = JSON.stringify(serialized);
    for (const secret of ['Grace', 'tok_secret', 'secret', '42']) expect(text).not.toContain(secret);
  });

  it('keeps the reason of a schema error (an undefined column), which names no values', () => {
    const error = Object.assign(
      new Error(
        `insert into "analytics"."fact_checkins" ("source") select "source" from json_populate_recordset(null, '[{"note":"met Grace"}]') - column "source" of relation "fact_checkins" does not exist`,
      ),
      { severity: 'ERROR', code: '42703' },
    );
    const serialized = serializeError(error) as SerializedError;
    expect(serialized.message).toBe(
      'database error 42703: column "source" of relation "fact_checkins" does not exist',
    );
    expect(JSON.stringify(serialized)).not.toContain('Grace');
  });

  it('leaves an ordinary error readable and cleans a message that is a statement', () => {
    expect(serializeError(new Error("Can't find that habit"))).toMatchObject({
      message: "Can't find that habit",
    });
    expect(serializeError("insert into t values ('x', 3) - boom")).toBe('insert into t values (?, ?) - boom');
    expect(serializeError({ message: "select 'pw'" })).toEqual({ message: 'select ?' });
  });

  // knex's pool warning when PostgreSQL goes away mid-statement quotes the whole statement after a
  // prefix, over several lines.
  it('cleans a statement quoted after a prefix, as in knex’s "Connection Error" warning', () => {
    const warning =
      "Connection Error: Error: with moved as (\n  update habits set note = 'SECRET'\n  where id = 'abc'\n)\n" +
      'select 1 from (select 1) as one - read ECONNRESET';
    const cleaned = redactStatements(warning);
    expect(cleaned).toMatch(/^Connection Error: Error: with moved as \(/);
    expect(cleaned).toContain('set note = ?');
    expect(cleaned).not.toMatch(/SECRET|abc/);
    expect(serializeError(new Error(warning))).toMatchObject({ message: cleaned });
    expect(redactStatements('Connection terminated unexpectedly')).toBe('Connection terminated unexpectedly');
  });

  // knex escapes a value with a backslash as E'…' with doubled backslashes and quotes.
  it('replaces string, dollar-quoted and numeric literals but keeps identifiers and placeholders', () => {
    expect(
      redactSql(`select "t0"."a1" from "logs" as "t0" where x = E'a\\\\b''c' and y = $q$z$q$ and z = $1`),
    ).toBe('select "t0"."a1" from "logs" as "t0" where x = ? and y = ? and z = $1');
  });
});
