/**
 * Where a member is reached by the messages Stride starts itself: the platform they chose with
 * `settings notify`, else where they last talked to Stride privately, else the console inbox that
 * `stride chat` shows first (a member known only from the console or the API). A member who only
 * ever talked in group channels is reached by a DM where the platform can open one.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageTarget } from '../ports/platform.js';

export interface Reach {
  platform: string;
  target: MessageTarget;
}

/** The console: messages wait in its inbox until the member opens `stride chat`. */
export const CONSOLE_REACH: Reach = { platform: 'console', target: { channelId: '' } };

/** The platforms `settings notify` accepts. */
export const NOTIFY_PLATFORMS = ['slack', 'telegram', 'discord', 'console'] as const;

const OPENS_DM_BY_USER_ID = new Set(['slack', 'discord']);

interface IdentityRow {
  user_id: string;
  notify_platform: string | null;
  platform: string;
  workspace: string;
  platform_user_id: string;
  dm_channel: string | null;
  private_at: Date | string | null;
  created_at: Date | string;
}

/** Each member's reach, for many members in one query. */
export async function reachOfMembers(
  em: EntityManager,
  userIds: readonly string[],
): Promise<Map<string, Reach>> {
  const reaches = new Map<string, Reach>();
  if (!userIds.length) return reaches;
  const rows = await em.getConnection().execute<IdentityRow[]>(
    `select u.id as user_id, u.notify_platform, i.platform, i.workspace, i.platform_user_id,
            i.dm_channel, i.private_at, i.created_at
     from users u left join identities i on i.user_id = u.id and i.platform <> 'api'
     where u.id = any(?::uuid[])`,
    [`{${userIds.join(',')}}`],
  );
  const byUser = new Map<string, IdentityRow[]>();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  for (const [userId, identities] of byUser) reaches.set(userId, chooseReach(identities));
  return reaches;
}

function chooseReach(rows: IdentityRow[]): Reach {
  const identities = rows.filter((row) => row.platform);
  const chosen = rows[0]?.notify_platform;
  // Timestamps arrive as ISO strings (MikroORM's pg driver); they compare as instants through Date.
  const time = (value: Date | string | null) => (value ? new Date(value).getTime() : 0);
  const latestFirst = (a: IdentityRow, b: IdentityRow) =>
    time(b.private_at) - time(a.private_at) || time(b.created_at) - time(a.created_at);
  const pick =
    (chosen && identities.filter((row) => row.platform === chosen).sort(latestFirst)[0]) ||
    identities.filter((row) => row.private_at).sort(latestFirst)[0] ||
    identities.find((row) => row.platform === 'console') ||
    // Never talked privately: Slack and Discord open a DM from the user id; Telegram cannot.
    identities.filter((row) => OPENS_DM_BY_USER_ID.has(row.platform)).sort(latestFirst)[0];
  if (!pick || pick.platform === 'console' || chosen === 'console') return CONSOLE_REACH;
  return {
    platform: pick.platform,
    target: {
      channelId: pick.dm_channel ?? '',
      userId: pick.platform_user_id,
      ...(pick.workspace ? { workspace: pick.workspace } : {}),
    },
  };
}
