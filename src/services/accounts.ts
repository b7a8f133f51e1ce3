/** Members and their API tokens. */
import { createHash, randomBytes } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import { ApiToken, Identity, User } from '../store/entities/index.js';
import { findTokenOwner } from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';
import { userCreateSchema, type UserCreateInput } from './inputs.js';

const TOKEN_PREFIX = 'stride_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

/** Creates a member. */
export async function createUser(ctx: ServiceContext, input: UserCreateInput): Promise<User> {
  const values = userCreateSchema.parse(input);
  const user = ctx.em.create(User, values);
  await ctx.em.flush();
  return user;
}

/** A member as `stride users list` shows them. */
export interface MemberSummary {
  id: string;
  name: string;
  timezone: string;
  /** The platforms with an account linked to this member (slack, telegram, console, …), sorted. */
  platforms: string[];
}

/** Every member, oldest first, with the platforms they are linked on (two queries in all). */
export async function listMembers(ctx: ServiceContext): Promise<MemberSummary[]> {
  const users = await ctx.em.find(User, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const identities = await ctx.em.find(Identity, {}, { fields: ['platform', 'user'] });
  const platforms = new Map<string, Set<string>>();
  for (const identity of identities) {
    const set = platforms.get(identity.user.id) ?? new Set<string>();
    platforms.set(identity.user.id, set.add(identity.platform));
  }
  return users.map((user) => ({
    id: user.id,
    name: user.name,
    timezone: user.timezone,
    platforms: [...(platforms.get(user.id) ?? [])].sort(),
  }));
}

/** Finds a member by id, or fails with 404. */
export async function getUser(ctx: ServiceContext, userId: string): Promise<User> {
  const user = UUID.test(userId) ? await ctx.em.findOne(User, { id: userId }) : null;
  if (!user) throw NotFoundError('Member');
  return user;
}

/**
 * Issues a personal API token for a member. The token is returned once; only its SHA-256 hash is
 * kept, so a leaked database does not leak working tokens.
 */
export async function createApiToken(
  ctx: ServiceContext,
  userId: string,
): Promise<{ id: string; token: string }> {
  const user = await getUser(ctx, userId);
  const token = TOKEN_PREFIX + randomBytes(24).toString('base64url');
  const record = ctx.em.create(ApiToken, {
    user,
    tokenHash: hashToken(token),
    prefix: token.slice(0, TOKEN_PREFIX.length + 4),
  });
  await ctx.em.flush();
  return { id: record.id, token };
}

/**
 * The member a bearer token belongs to, or undefined for an unknown token. A request on one habit
 * names it (`habitId`): the same statement reads it, and the request's first getHabit takes it
 * (ServiceContext.habitRead).
 */
export async function authenticateToken(
  ctx: ServiceContext,
  token: string,
  habitId?: string,
): Promise<User | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return undefined;
  // Bookkeeping at most hourly, in the lookup's own statement: authenticating is one round trip.
  const now = ctx.now();
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  const readHabit = habitId !== undefined && UUID.test(habitId) ? habitId : undefined;
  const found = await findTokenOwner(ctx.em, hashToken(token), { now, staleBefore }, readHabit);
  if (!found) return undefined;
  if (found.habit) ctx.habitRead = found.habit;
  return found.user;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
