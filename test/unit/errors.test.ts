import { isDatabaseUnavailable } from '../../src/errors.js';

const withFields = (message: string, fields: Record<string, unknown>, name = 'Error') =>
  Object.assign(Object.assign(new Error(message), { name }), fields);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withFields('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })],
    ['a reset connection', withFields('read ECONNRESET', { code: 'ECONNRESET' })],
    ['an administrator shutting PostgreSQL down', withFields('terminating connection', { code: '57P01' })],
    ['PostgreSQL starting up', withFields('the database system is starting up', { code: '57P03' })],
    ['a connection exception (class 08)', withFields('connection failure', { code: '08006' })],
    ['a connection lost mid-query', new Error('select 1 - Connection terminated unexpectedly')],
    [
      'a client that lost its connection',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'a transaction whose BEGIN met a connection the server had ended (knex swallows that failure)',
      new Error('select 1 - Transaction query already complete, run with DEBUG=knex:tx for more info'),
    ],
    [
      'no pooled connection in time',
      withFields('Knex: Timeout acquiring a connection.', {}, 'KnexTimeoutError'),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withFields('duplicate key value', { code: '23505' })],
    ['bad input', withFields('invalid input syntax', { code: '22P02' })],
    // fetch to Slack or Gemini refused: the code is on the cause, not the error.
    [
      'a refused HTTP call',
      new TypeError('fetch failed', { cause: withFields('x', { code: 'ECONNREFUSED' }) }),
    ],
    ['a client leaving mid-body', withFields('request aborted', { code: 'ECONNABORTED', status: 400 })],
    ['a plain failure', new Error('boom')],
    ['a non-error', 'ECONNREFUSED'],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
