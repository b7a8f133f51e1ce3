/**
 * The Snowflake fake, proved against the real snowflake-sdk 3: password login (and its refusal),
 * statements with positional and array binds, SQL errors with their codes, a 503 retried, a
 * "still running" answer polled, and destroy ending the session. Everything stays on 127.0.0.1.
 */
import snowflake, { type Binds, type Connection, type SnowflakeError } from 'snowflake-sdk';
import { objectDoesNotExist, startFakeSnowflake, STATEMENT_TYPE } from '../../fakes/snowflake/index.js';
import type { FakeSnowflake } from '../../fakes/snowflake/index.js';

snowflake.configure({ logLevel: 'OFF' });

let fake: FakeSnowflake;
const connections: Connection[] = [];

/** A connection to the fake; `password` overrides the right one. */
function connectionTo(password = fake.password): Connection {
  const connection = snowflake.createConnection({
    accessUrl: fake.accessUrl,
    account: fake.account,
    username: fake.username,
    password,
    database: 'STRIDE',
    schema: 'ANALYTICS',
    warehouse: 'COMPUTE_WH',
  });
  connections.push(connection);
  return connection;
}

/** connect() wrapped by hand: connectAsync() resolves even when the login failed (TESTING.md). */
function connect(connection: Connection): Promise<Connection> {
  return new Promise((resolve, reject) => {
    connection.connect((error, conn) => (error ? reject(error) : resolve(conn)));
  });
}

function execute(
  connection: Connection,
  sqlText: string,
  binds?: Binds,
): Promise<{ rows: any[]; updated?: number }> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      ...(binds ? { binds } : {}),
      complete: (error, statement, rows) =>
        error ? reject(error) : resolve({ rows: rows ?? [], updated: statement.getNumUpdatedRows() }),
    });
  });
}

function destroy(connection: Connection): Promise<void> {
  return new Promise((resolve, reject) => {
    connection.destroy((error) => (error ? reject(error) : resolve()));
  });
}

beforeEach(async () => {
  fake = await startFakeSnowflake();
});

afterEach(async () => {
  for (const connection of connections.splice(0)) {
    if (connection.isUp()) await destroy(connection);
  }
  await fake.close();
  expect(fake.unexpectedCalls).toEqual([]);
});

describe('login', () => {
  it('logs in with the account, user and password, and sends the warehouse and database', async () => {
    const connection = await connect(connectionTo());

    expect(connection.isUp()).toBe(true);
    const [login] = fake.callsTo('login');
    expect(login?.body.data).toMatchObject({ ACCOUNT_NAME: fake.account, LOGIN_NAME: fake.username });
    expect(login?.query).toMatchObject({
      warehouse: 'COMPUTE_WH',
      databaseName: 'STRIDE',
      schemaName: 'ANALYTICS',
    });
    expect(fake.openSessions.size).toBe(1);
  });

  it('rejects a wrong password with 390100 and opens no session', async () => {
    const connection = connectionTo('not-the-password');

    const error = (await connect(connection).catch((e: unknown) => e)) as SnowflakeError;

    expect(error).toBeInstanceOf(Error);
    expect(String(error.code)).toBe('390100');
    expect(error.message).toMatch(/Incorrect username or password/);
    expect(connection.isUp()).toBe(false);
    expect(fake.openSessions.size).toBe(0);
    expect(fake.statements).toEqual([]);
  });
});

describe('statements', () => {
  it('runs a query with positional binds and reads typed rows', async () => {
    fake.answer(/FROM dim_habits WHERE user_id = \?/, {
      rows: [
        { ID: 7, NAME: 'Read', TARGET: 1.5, ACTIVE: true, NOTE: null },
        { ID: 8, NAME: 'Walk', TARGET: 2, ACTIVE: false, NOTE: 'rainy days' },
      ],
    });
    const connection = await connect(connectionTo());

    const { rows } = await execute(
      connection,
      'SELECT id, name, target, active, note FROM dim_habits WHERE user_id = ? AND status = ?',
      [42, 'active'],
    );

    expect(rows).toEqual([
      { ID: 7, NAME: 'Read', TARGET: 1.5, ACTIVE: true, NOTE: null },
      { ID: 8, NAME: 'Walk', TARGET: 2, ACTIVE: false, NOTE: 'rainy days' },
    ]);
    const [statement] = fake.statementsMatching('from dim_habits');
    expect(statement?.binds).toEqual(['42', 'active']);
    expect(statement?.bindTypes).toEqual(['FIXED', 'TEXT']);
    expect(statement?.arrayBind).toBe(false);
  });

  it('answers a Date cell as TIMESTAMP_NTZ, which the driver reads back as the same instant', async () => {
    const logged = new Date('2024-03-01T08:30:15.250Z');
    fake.answer('from fact_checkins', { rows: [{ LOGGED_AT: logged }] });
    const connection = await connect(connectionTo());

    const { rows } = await execute(connection, 'SELECT logged_at FROM fact_checkins');

    expect((rows[0] as { LOGGED_AT: Date }).LOGGED_AT.getTime()).toBe(logged.getTime());
  });

  it('hands a reply function the statement, so an answer can depend on the binds', async () => {
    fake.answer('select :1 as echoed', (statement) => ({ rows: [{ ECHOED: statement.binds[0] ?? null }] }));
    const connection = await connect(connectionTo());

    const { rows } = await execute(connection, 'SELECT :1 AS echoed', ['hello']);

    expect(rows).toEqual([{ ECHOED: 'hello' }]);
  });

  it('sends an array bind inline as one statement with every row, and reports rows inserted', async () => {
    const connection = await connect(connectionTo());
    const batch = [
      [1, 'done', '2024-03-01'],
      [2, 'missed', '2024-03-02'],
      [3, null, '2024-03-03'],
    ];

    const { rows, updated } = await execute(
      connection,
      'INSERT INTO fact_checkins (id, status, local_date) VALUES (?, ?, ?)',
      batch,
    );

    expect(fake.statements).toHaveLength(1);
    expect(fake.statements[0]).toMatchObject({
      arrayBind: true,
      rows: [
        ['1', 'done', '2024-03-01'],
        ['2', 'missed', '2024-03-02'],
        ['3', null, '2024-03-03'],
      ],
    });
    expect(rows).toEqual([{ 'number of rows inserted': 3 }]);
    expect(updated).toBe(3);
  });

  it('answers a MERGE with the counts a test gives and the driver sums them', async () => {
    fake.answer('merge into dim_users', {
      rows: [{ 'number of rows inserted': 2, 'number of rows updated': 5 }],
      statementTypeId: STATEMENT_TYPE.MERGE,
    });
    const connection = await connect(connectionTo());

    const { updated } = await execute(
      connection,
      'MERGE INTO dim_users t USING (SELECT 1) s ON false WHEN NOT MATCHED THEN INSERT VALUES (1)',
    );

    expect(updated).toBe(7);
  });

  it('surfaces a SQL error with its code, message and SQL state', async () => {
    fake.answer('metrics_risk', { error: objectDoesNotExist('ANALYTICS.METRICS_RISK') });
    const connection = await connect(connectionTo());

    const error = (await execute(connection, 'SELECT * FROM metrics_risk').catch(
      (e: unknown) => e,
    )) as SnowflakeError;

    expect(error).toBeInstanceOf(Error);
    expect(String(error.code)).toBe('002003');
    expect(error.sqlState).toBe('42S02');
    expect(error.message).toMatch(/METRICS_RISK' does not exist/);
    // The session survives a failed statement.
    await expect(execute(connection, 'CREATE SCHEMA IF NOT EXISTS analytics')).resolves.toMatchObject({
      rows: [{ status: 'Statement executed successfully.' }],
    });
  });

  it('records a query nobody answered as unexpected, so a test cannot pass on an empty answer', async () => {
    const connection = await connect(connectionTo());

    await expect(execute(connection, 'SELECT 1')).rejects.toMatchObject({ code: '002003' });

    expect(fake.unexpectedCalls).toEqual([
      expect.objectContaining({ reason: 'no answer registered for this query' }),
    ]);
    fake.unexpectedCalls.length = 0;
  });
});

describe('retries and slow queries', () => {
  it('retries a query-request answered 503 once, then succeeds', async () => {
    fake.answer('from dim_users', { rows: [{ N: 3 }] });
    const connection = await connect(connectionTo());
    fake.failNext('query', { status: 503 });

    const { rows } = await execute(connection, 'SELECT COUNT(*) AS n FROM dim_users');

    expect(rows).toEqual([{ N: 3 }]);
    expect(fake.callsTo('query').map((call) => call.answer?.status)).toEqual([503, 200]);
  });

  it('polls getResultUrl while the query is still running (333333)', async () => {
    fake.answer('from mentor_dashboard', { rows: [{ MENTEE: 'alice', RISK: 'high' }] }, { pendingPolls: 2 });
    const connection = await connect(connectionTo());

    const { rows } = await execute(connection, 'SELECT mentee, risk FROM mentor_dashboard');

    expect(rows).toEqual([{ MENTEE: 'alice', RISK: 'high' }]);
    expect(fake.callsTo('query')).toHaveLength(1);
    expect(fake.callsTo('result')).toHaveLength(2);
  });
});

describe('session end', () => {
  it('destroy deletes the session, and the old token is refused', async () => {
    const connection = await connect(connectionTo());
    expect(fake.openSessions.size).toBe(1);

    await destroy(connection);

    expect(connection.isUp()).toBe(false);
    expect(fake.callsTo('logout')).toHaveLength(1);
    expect(fake.openSessions.size).toBe(0);
    const token = (fake.callsTo('login')[0]?.answer?.body as { data: { token: string } }).data.token;
    const refused = await fetch(`${fake.accessUrl}/queries/v1/query-request`, {
      method: 'POST',
      headers: { authorization: `Snowflake Token="${token}"`, 'content-type': 'application/json' },
      body: JSON.stringify({ sqlText: 'SELECT 1' }),
    });
    expect(await refused.json()).toMatchObject({ success: false, code: '390111' });
    expect(fake.statements).toEqual([]);
  });
});
