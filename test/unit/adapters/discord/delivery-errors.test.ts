/**
 * How a failed Discord send reaches the outbox: a long 429 as a wait, a member or channel Stride
 * can never write to as permanent, anything else as it was; and what a log may show of an error.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { deliveryErrorOf, describeError } from '../../../../adapters/discord/delivery-errors.js';
import { DeliveryError } from '../../../../src/ports/platform.js';

const apiError = (status: number, code: number, message: string) =>
  new DiscordAPIError(
    { code, message },
    code,
    status,
    'POST',
    'https://discord.test/api/v10/channels/1/messages',
    {
      body: { embeds: [{ description: 'private words' }] },
      files: [],
    },
  );

describe('Discord deliveryErrorOf', () => {
  it("turns a rate limit the adapter would not wait out into a wait of Discord's retry_after", () => {
    const original = new RateLimitError({
      global: false,
      hash: 'h',
      limit: 5,
      majorParameter: '1',
      method: 'POST',
      retryAfter: 37_050,
      route: '/channels/:id/messages',
      scope: 'user',
      sublimitTimeout: 0,
      timeToReset: 37_050,
      url: 'https://discord.test/api/v10/channels/1/messages',
    });
    const mapped = deliveryErrorOf(original);
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped).toMatchObject({ retryAfterMs: 37_050, permanent: false, cause: original });
  });

  it.each([
    [403, 50007, 'Cannot send messages to this user'],
    [403, 50001, 'Missing Access'],
    [403, 50013, 'Missing Permissions'],
    [404, 10003, 'Unknown Channel'],
    [404, 10013, 'Unknown User'],
    [400, 50035, 'Invalid Form Body'],
  ])('makes %i (%i) "%s" permanent', (status, code, message) => {
    const mapped = deliveryErrorOf(apiError(status, code, message));
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect(mapped).toMatchObject({ permanent: true, retryAfterMs: undefined });
    expect((mapped as Error).message).toContain(message);
  });

  it('rethrows anything else as it is, for the outbox to retry with backoff', () => {
    const unknown = apiError(404, 10008, 'Unknown Message');
    expect(deliveryErrorOf(unknown)).toBe(unknown);
    const network = new Error('socket hang up');
    expect(deliveryErrorOf(network)).toBe(network);
  });

  it('logs an API error without the request body it carries', () => {
    const described = describeError(apiError(403, 50007, 'Cannot send messages to this user'));
    expect(described).toEqual({ status: 403, code: 50007, message: 'Cannot send messages to this user' });
    expect(JSON.stringify(described)).not.toContain('private words');
    expect(
      describeError(new HTTPError(502, 'Bad Gateway', 'GET', '/x', { body: undefined, files: [] })),
    ).toMatchObject({
      status: 502,
    });
    expect(describeError('plain')).toEqual({ message: 'plain' });
  });
});
