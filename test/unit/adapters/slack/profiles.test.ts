/**
 * SlackProfiles' admin check: from the same users.info answer as the profile, fresh for a minute,
 * and a failed lookup never counts as admin (nor is it remembered as the answer).
 */
import { jest } from '@jest/globals';
import type { webApi } from '@slack/bolt';
import { SlackProfiles } from '../../../../adapters/slack/profiles.js';
import { createLogger } from '../../../../src/logger.js';

type UserFlags = { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean; tz?: string };

/** A WebClient whose users.info answers from `users`, or throws for a user mapped to an Error. */
function fakeClient(users: Record<string, UserFlags | Error>) {
  const info = jest.fn(async ({ user }: { user: string }) => {
    const found = users[user];
    if (found instanceof Error) throw found;
    return { ok: true, user: { id: user, name: user, ...found } };
  });
  return { client: { users: { info } } as unknown as webApi.WebClient, info };
}

describe('SlackProfiles.isAdmin', () => {
  let now = Date.parse('2026-11-20T12:00:00Z');

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('counts admins, owners and primary owners, and no one else', async () => {
    const { client } = fakeClient({
      UADMIN: { is_admin: true },
      UOWNER: { is_owner: true },
      UPRIMARY: { is_primary_owner: true },
      UMEMBER: {},
    });
    const sut = new SlackProfiles(client, createLogger('silent'));

    const answers = await Promise.all(
      ['UADMIN', 'UOWNER', 'UPRIMARY', 'UMEMBER'].map((id) => sut.isAdmin(id)),
    );

    expect(answers).toEqual([true, true, true, false]);
  });

  it('reuses the profile lookup for a minute, then asks Slack again (a demoted admin loses the right)', async () => {
    const users: Record<string, UserFlags> = { UADMIN: { is_admin: true, tz: 'Europe/Paris' } };
    const { client, info } = fakeClient(users);
    const sut = new SlackProfiles(client, createLogger('silent'));

    expect(await sut.get('UADMIN', 1000)).toMatchObject({ timezone: 'Europe/Paris' });
    expect(await sut.isAdmin('UADMIN')).toBe(true);
    expect(info).toHaveBeenCalledTimes(1);

    users.UADMIN = { tz: 'Europe/Paris' };
    now += 30_000;
    expect(await sut.isAdmin('UADMIN')).toBe(true);
    now += 31_000;
    expect(await sut.isAdmin('UADMIN')).toBe(false);
    expect(info).toHaveBeenCalledTimes(2);
    // The profile itself came along with the new answer: no third call.
    expect(await sut.get('UADMIN', 1000)).toMatchObject({ timezone: 'Europe/Paris' });
    expect(info).toHaveBeenCalledTimes(2);
  });

  it('answers no when users.info fails, and asks again the next time rather than keep that answer', async () => {
    const users: Record<string, UserFlags | Error> = { UADMIN: new Error('missing_scope') };
    const { client, info } = fakeClient(users);
    const sut = new SlackProfiles(client, createLogger('silent'));

    expect(await sut.get('UADMIN', 1000)).toEqual({});
    expect(await sut.isAdmin('UADMIN')).toBe(false);
    expect(info).toHaveBeenCalledTimes(2);

    users.UADMIN = { is_admin: true };
    expect(await sut.isAdmin('UADMIN')).toBe(true);
    expect(info).toHaveBeenCalledTimes(3);
  });
});

describe('SlackProfiles.get', () => {
  let now = Date.parse('2026-11-20T09:00:00Z');

  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('answers a profile past its day at once and renews it in the background', async () => {
    const users: Record<string, UserFlags> = { UALICE: { tz: 'Europe/Paris' } };
    const { client, info } = fakeClient(users);
    const sut = new SlackProfiles(client, createLogger('silent'));
    expect(await sut.get('UALICE', 1000)).toMatchObject({ timezone: 'Europe/Paris' });

    now += 25 * 60 * 60 * 1000;
    users.UALICE = { tz: 'Asia/Tokyo' };
    let release!: () => void;
    info.mockImplementationOnce(async ({ user }) => {
      await new Promise<void>((resolve) => (release = resolve));
      return { ok: true, user: { id: user, name: user, ...users[user] } };
    });
    // The renewal hangs, yet the day-old profile comes back without waiting for it.
    expect(await sut.get('UALICE', 1000)).toMatchObject({ timezone: 'Europe/Paris' });
    expect(await sut.get('UALICE', 1000)).toMatchObject({ timezone: 'Europe/Paris' });
    expect(info).toHaveBeenCalledTimes(2);

    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(await sut.get('UALICE', 1000)).toMatchObject({ timezone: 'Asia/Tokyo' });
    expect(info).toHaveBeenCalledTimes(2);
  });

  it('answers what it knows without asking, and renews it in the background once it is past its day', async () => {
    const users: Record<string, UserFlags> = { UBOB: { tz: 'Europe/Paris' } };
    const { client, info } = fakeClient(users);
    const sut = new SlackProfiles(client, createLogger('silent'));
    expect(sut.known('UBOB')).toBeUndefined();
    expect(info).not.toHaveBeenCalled();
    await sut.get('UBOB', 1000);

    now += 23 * 60 * 60 * 1000;
    expect(sut.known('UBOB')).toMatchObject({ timezone: 'Europe/Paris' });
    expect(info).toHaveBeenCalledTimes(1);

    now += 2 * 60 * 60 * 1000;
    users.UBOB = { tz: 'Asia/Tokyo' };
    expect(sut.known('UBOB')).toMatchObject({ timezone: 'Europe/Paris' });
    expect(sut.known('UBOB')).toMatchObject({ timezone: 'Europe/Paris' });
    expect(info).toHaveBeenCalledTimes(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sut.known('UBOB')).toMatchObject({ timezone: 'Asia/Tokyo' });
    expect(info).toHaveBeenCalledTimes(2);
  });
});
