/**
 * The console's side of the outbox: a member reached on the console (known only from `stride
 * chat`, or who chose `settings notify console`) finds what Stride sent them when `stride chat`
 * opens, and after each line while it runs. Buttons are stored when shown, like any reply's.
 */
import { prepareReply } from '../commands/outbound.js';
import type { Reply } from '../ports/chat.js';
import type { ServiceContext } from '../services/context.js';
import { consoleAccount } from '../services/identities.js';
import { reachOfMembers } from '../services/reach.js';
import { Identity, User } from '../store/entities/index.js';
import { takeInbox } from '../store/repositories/index.js';

/** The unread messages of the console member `name` (none when the name has no member yet). */
export async function takeConsoleInbox(services: ServiceContext, name: string): Promise<Reply[]> {
  const { platform, workspace, platformUserId } = consoleAccount(name);
  const identity = await services.em.findOne(Identity, { platform, workspace, platformUserId });
  if (!identity) return [];
  const userId = identity.user.id;
  const reach = (await reachOfMembers(services.em, [userId])).get(userId);
  const rows = await takeInbox(services.em, userId, reach?.platform === 'console', services.now());
  const member = services.em.getReference(User, userId);
  const replies: Reply[] = [];
  for (const row of rows) replies.push(await prepareReply(services, member, row.reply));
  return replies;
}
