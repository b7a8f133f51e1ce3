/**
 * Who is talking: platform accounts resolve to members (created on first contact), and a one-time
 * code links a second platform's account to the same member, so streaks follow the person.
 */
import { createHash, randomInt } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { isValidTimeZone } from '../domain/dates.js';
import { ConflictError, ValidationError } from '../errors.js';
import { ApiToken, Goal, Habit, Identity, LinkCode, OutboxMessage, User } from '../store/entities/index.js';
import type { StatementPart } from '../store/prepared.js';
import {
  findAccount,
  findAccountClaiming,
  type AccountKey,
  type PrivateChannelTouch,
} from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';

export interface PlatformAccount {
  platform: string;
  workspace: string;
  platformUserId: string;
  displayName?: string;
  timezone?: string;
  /** Set when this message came in a direct conversation with Stride: where to reach them later. */
  privateChannel?: string;
  /** The name and zone the platform tells only when asked (ChatUser.details): asked for a new member. */
  details?: () => Promise<{ displayName?: string; timezone?: string }>;
}

/** How stale `privateAt` may get before a private message refreshes it (a write per DM is waste). */
const PRIVATE_AT_REFRESH_MS = 10 * 60 * 1000;

export const LINK_CODE_MINUTES = 10;
// No 0/O, 1/I/L: codes are read on one screen and typed on another.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * The member behind a platform account, created with its first message. An `api` account (see
 * apiAccount) is never a new member: it is the API token's owner, already known. `found`: the
 * member findMemberClaiming already looked up (null: none yet), so the account is not read twice.
 */
export async function resolveMember(
  ctx: ServiceContext,
  account: PlatformAccount,
  found?: User | null,
): Promise<{ user: User; created: boolean }> {
  const { key, privateChannel } = lookupOf(ctx, account);
  const existing = found !== undefined ? found : await findAccount(ctx.em, key, privateChannel);
  if (existing) return { user: existing, created: false };
  if (account.platform === API_PLATFORM)
    return { user: await attachApiAccount(ctx, account), created: false };
  const details = account.details ? await account.details() : {};
  const zone = account.timezone ?? details.timezone;
  const timezone = zone && isValidTimeZone(zone) ? zone : 'UTC';
  const displayName = account.displayName ?? details.displayName;
  const name = (displayName ?? '').trim().slice(0, 100) || `${account.platform} member`;
  try {
    const user = await ctx.em.transactional(async (em) => {
      const created = em.create(User, { name, timezone });
      em.create(Identity, {
        ...key,
        user: created,
        displayName: displayName?.slice(0, 100) ?? null,
        dmChannel: account.privateChannel ?? null,
        privateAt: account.privateChannel ? ctx.now() : null,
      });
      return created;
    });
    return { user, created: true };
  } catch (error) {
    // Two first messages at once: the other one created the member; use it.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    ctx.em.clear();
    const winner = await ctx.em.findOneOrFail(Identity, key, { populate: ['user'] });
    return { user: winner.user, created: false };
  }
}

const API_PLATFORM = 'api';

/**
 * Runs `claim` (an INSERT … RETURNING, such as a delivery's claim) and looks up the member behind
 * `account` in one statement: the chat's hot path claims and resolves in one round trip (issue 16).
 * `user` is null when the account has no member yet; pass it to resolveMember, which creates one.
 * `habits`: the member's live habits, read by the same statement when the claim was won.
 */
export async function findMemberClaiming(
  ctx: ServiceContext,
  account: PlatformAccount,
  claim: StatementPart,
): Promise<{ claimed: boolean; user: User | null; habits: Habit[] | null }> {
  const { key, privateChannel } = lookupOf(ctx, account);
  return findAccountClaiming(ctx.em, claim, key, privateChannel);
}

/**
 * How to look `account` up: its key, and the direct conversation it wrote from, which the identity
 * keeps with the time it was last used, so that messages Stride starts itself go where the member
 * last talked to it privately (src/services/reach.ts).
 */
function lookupOf(
  ctx: ServiceContext,
  account: PlatformAccount,
): { key: AccountKey; privateChannel?: PrivateChannelTouch } {
  const key = {
    platform: account.platform,
    workspace: account.workspace,
    platformUserId: account.platformUserId,
  };
  if (!account.privateChannel || account.platform === API_PLATFORM) return { key };
  const now = ctx.now();
  return {
    key,
    privateChannel: {
      channel: account.privateChannel,
      now,
      staleBefore: new Date(now.getTime() - PRIVATE_AT_REFRESH_MS),
    },
  };
}

/**
 * The member behind a platform account Stride already knows, or null; never creates one (someone
 * named in a mention has not talked to Stride, so they have not agreed to anything).
 */
export async function knownMember(
  ctx: ServiceContext,
  account: Pick<PlatformAccount, 'platform' | 'workspace' | 'platformUserId'>,
): Promise<User | null> {
  return findAccount(ctx.em, account);
}

/**
 * The account a member speaks as through the REST API's chat: platform `api`, keyed by the
 * member's own id. The caller must have authenticated `user` (the route does, by API token).
 */
export function apiAccount(user: Pick<User, 'id' | 'name'>): PlatformAccount {
  return { platform: API_PLATFORM, workspace: '', platformUserId: user.id, displayName: user.name };
}

/**
 * The identity row for an `api` account, made on first use and owned by the member whose id it
 * carries, so buttons and idempotency work as on any platform without a second member.
 */
async function attachApiAccount(ctx: ServiceContext, account: PlatformAccount): Promise<User> {
  const key = { platform: API_PLATFORM, workspace: '', platformUserId: account.platformUserId };
  const user = await ctx.em.findOne(User, { id: account.platformUserId });
  // Only reachable by a bug: the API chat builds its account from the authenticated member.
  if (!user) throw new Error('an api account must name an existing member');
  try {
    ctx.em.create(Identity, { ...key, user, displayName: user.name.slice(0, 100) });
    await ctx.em.flush();
  } catch (error) {
    // Two first requests at once: the other one made the row; it names the same member.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    ctx.em.clear();
    return (await ctx.em.findOneOrFail(Identity, key, { populate: ['user'] })).user;
  }
  return user;
}

/** The console account a terminal name speaks as: names are case-insensitive there. */
export function consoleAccount(name: string): PlatformAccount {
  return {
    platform: 'console',
    workspace: '',
    platformUserId: name.trim().toLowerCase(),
    displayName: name.trim(),
  };
}

/**
 * Members `stride users add` made of this name: no platform account yet, so the chat and the API
 * reach them only through the name. Case-insensitive, oldest first.
 */
async function unlinkedMembersNamed(ctx: ServiceContext, name: string): Promise<User[]> {
  const rows = await ctx.em.getConnection().execute<{ id: string }[]>(
    // An `api` identity is the token's own chat, not another platform's person: it does not link.
    `select u.id from users u where lower(u.name) = lower(?)
     and not exists (select 1 from identities i where i.user_id = u.id and i.platform <> 'api')
     order by u.created_at, u.id`,
    [name.trim()],
  );
  return rows.length
    ? ctx.em.find(User, { id: rows.map((row) => row.id) }, { orderBy: { createdAt: 'asc', id: 'asc' } })
    : [];
}

/**
 * Before `stride chat --user NAME` speaks: when the console has no NAME yet but `stride users add
 * --name NAME` made a member, the console account becomes that member's, so one person stays one
 * member (and the API token from `users add` sees what the chat logs). Returns that member, or
 * undefined when the chat will find or create its own as usual.
 */
export async function attachConsoleName(ctx: ServiceContext, name: string): Promise<User | undefined> {
  const account = consoleAccount(name);
  const key = {
    platform: account.platform,
    workspace: account.workspace,
    platformUserId: account.platformUserId,
  };
  if (await ctx.em.findOne(Identity, key)) return undefined;
  const members = await unlinkedMembersNamed(ctx, name);
  if (members.length > 1) {
    const ids = members.map((member) => member.id).join(', ');
    throw ConflictError(
      `Several members are named ${name.trim()} (${ids}); chat under another name, or remove one.`,
      'ambiguous_member',
    );
  }
  const [member] = members;
  if (!member) return undefined;
  try {
    ctx.em.create(Identity, { ...key, user: member, displayName: account.displayName ?? null });
    await ctx.em.flush();
  } catch (error) {
    // Another terminal attached it at the same moment: the account exists, which is all we need.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
  }
  return member;
}

/**
 * Before `stride users add --name NAME`: refuses a name the console chat already speaks as (or
 * another `users add` made), since `stride chat --user NAME` could then reach only one of the two.
 */
export async function assertMemberNameFree(ctx: ServiceContext, name: string): Promise<void> {
  const account = consoleAccount(name);
  const existing =
    (
      await ctx.em.findOne(
        Identity,
        { platform: 'console', workspace: '', platformUserId: account.platformUserId },
        { populate: ['user'] },
      )
    )?.user ?? (await unlinkedMembersNamed(ctx, name))[0];
  if (existing) {
    throw ConflictError(
      `A member named ${existing.name} already exists (id ${existing.id}). Use \`stride tokens create --user ${existing.id}\` for another API token, or \`stride chat --user ${name.trim()}\` to talk as them.`,
      'member_exists',
    );
  }
}

/** A one-time code, valid for 10 minutes, that `link <code>` on another platform redeems. */
export async function createLinkCode(ctx: ServiceContext, user: User): Promise<string> {
  const raw = randomCode();
  await ctx.em.nativeDelete(LinkCode, { user });
  ctx.em.create(LinkCode, {
    codeHash: hashCode(raw),
    user,
    expiresAt: new Date(ctx.now().getTime() + LINK_CODE_MINUTES * 60_000),
  });
  await ctx.em.flush();
  return shownCode(raw);
}

/** Eight random characters of CODE_ALPHABET: a one-time code before it is shown or hashed. */
export function randomCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** A code as members read it: `K7QX-3MPA`. */
export function shownCode(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/**
 * Redeems a link code for the member `user`: that member's accounts, habits (with their logs),
 * goals and tokens move to the member who made the code, and `user` is removed. Returns the
 * member both accounts now belong to. All or nothing.
 */
export async function redeemLinkCode(ctx: ServiceContext, user: User, code: string): Promise<User> {
  const link = await ctx.em.findOne(
    LinkCode,
    { codeHash: hashCode(normalizedCode(code)) },
    { populate: ['user'] },
  );
  if (!link || link.expiresAt < ctx.now()) {
    throw ValidationError(
      'That code is unknown or has expired. Type `link` on your other platform for a new one.',
      'bad_link_code',
    );
  }
  const target = link.user;
  if (target.id === user.id) {
    throw ValidationError(
      'That code is yours already. Type it on the other platform you want to link.',
      'bad_link_code',
    );
  }
  await ctx.em.transactional(async (em) => {
    const targetNames = new Set(
      (await em.find(Habit, { owner: target }, { fields: ['name'] })).map((h) => h.name.toLowerCase()),
    );
    for (const habit of await em.find(Habit, { owner: user })) {
      habit.owner = target;
      // Two habits of one name would make names ambiguous in chat: the newcomer gets a suffix.
      let name = habit.name;
      for (let n = 2; targetNames.has(name.toLowerCase()); n++) name = `${habit.name} (${n})`;
      habit.name = name;
      targetNames.add(name.toLowerCase());
    }
    // Top-level goal titles are unique per member too (a database index): a clash gets a suffix.
    const targetTitles = new Set(
      (await em.find(Goal, { owner: target, parent: null }, { fields: ['title'] })).map((g) =>
        g.title.toLowerCase(),
      ),
    );
    for (const goal of await em.find(Goal, { owner: user, parent: null })) {
      goal.owner = target;
      let title = goal.title;
      for (let n = 2; targetTitles.has(title.toLowerCase()); n++) {
        title = `${goal.title.slice(0, 200 - ` (${n})`.length)} (${n})`;
      }
      goal.title = title;
      targetTitles.add(title.toLowerCase());
    }
    await em.flush();
    await em.nativeUpdate(Identity, { user }, { user: target });
    // The subgoals follow their goals.
    await em.nativeUpdate(Goal, { owner: user }, { owner: target });
    await em.nativeUpdate(ApiToken, { user }, { user: target });
    // Messages not sent yet are the member's too: deleting the user below would cascade them away.
    await em.nativeUpdate(OutboxMessage, { user }, { user: target });
    await em.nativeDelete(LinkCode, { codeHash: link.codeHash });
    await em.nativeDelete(User, { id: user.id });
  });
  return target;
}

/** What a typed code stands for: case and dashes or spaces do not matter. */
export function normalizedCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** What is kept of a one-time code: its SHA-256, so a database leak reveals no usable code. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
