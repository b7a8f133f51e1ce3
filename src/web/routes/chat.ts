/** /chat: the chat core over HTTP, so any client can talk to Stride and its coach as the token's owner. */
import { z } from 'zod';
import type { ChatCore } from '../../commands/chat-core.js';
import { AppError } from '../../errors.js';
import type { Reply } from '../../ports/chat.js';
import { HISTORY_DEFAULT_TURNS, HISTORY_MAX_TURNS, recentConversation } from '../../services/conversation.js';
import { apiAccount } from '../../services/identities.js';
import { textSchema } from '../../services/inputs.js';
import { defineRoute } from '../route.js';

const tag = 'Chat';

export const chatBody = z
  .strictObject({
    text: textSchema(4000).min(1, 'must not be empty').optional(),
    // The core's button ids are short base64url strings (see ReplyAction.id).
    action: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,16}$/, 'must be a button id from an earlier reply')
      .optional(),
    eventId: textSchema(200).min(1, 'must not be empty').optional(),
  })
  .refine((body) => (body.text === undefined) !== (body.action === undefined), {
    message: 'needs either `text` or `action`, not both',
  })
  .meta({
    id: 'ChatInput',
    description:
      'What the member typed (`text`), or the id of a button from an earlier reply (`action`). An optional ' +
      '`eventId` makes a retry safe: the same id answers with the first reply again, marked `repeat`.',
  });

const actionDto = z.object({
  id: z.string(),
  label: z.string(),
  style: z.enum(['primary', 'danger', 'default']),
});

export interface ReplyDto {
  text: string;
  actions: z.infer<typeof actionDto>[];
  ephemeral: boolean;
  image?: { pngBase64: string; alt: string };
  file?: { filename: string; mimeType: string; content: string };
  followUps?: ReplyDto[];
  repeat?: boolean;
}

export const replyDto: z.ZodType<ReplyDto> = z
  .object({
    text: z.string(),
    actions: z.array(actionDto),
    ephemeral: z.boolean(),
    image: z.object({ pngBase64: z.string(), alt: z.string() }).optional(),
    file: z.object({ filename: z.string(), mimeType: z.string(), content: z.string() }).optional(),
    get followUps() {
      return z.array(replyDto).optional();
    },
    repeat: z.boolean().optional(),
  })
  .meta({ id: 'ChatReply' });

/** A core Reply as JSON: the image as base64, buttons and the ephemeral flag always present. */
export function presentReply(reply: Reply): ReplyDto {
  return {
    text: reply.text,
    actions: reply.actions ?? [],
    ephemeral: reply.ephemeral ?? false,
    ...(reply.image && { image: { pngBase64: reply.image.png.toString('base64'), alt: reply.image.alt } }),
    ...(reply.file && { file: reply.file }),
    ...(reply.followUps?.length && { followUps: reply.followUps.map(presentReply) }),
    ...(reply.repeat && { repeat: true }),
  };
}

/** The chat routes, answering through `chat` (absent on a server built without a chat core). */
export function chatRoutes(chat: ChatCore | undefined) {
  return [
    defineRoute({
      method: 'post',
      path: '/chat',
      summary: 'Say something to Stride, or press a button of an earlier reply, and get its reply',
      description:
        'Runs exactly what a chat platform runs (commands, plain words for the coach, buttons), as the ' +
        "token's owner in a private conversation. A button works only for the member it was shown to; " +
        'anyone else pressing it is told it is not theirs. Problems with what was said (an unknown ' +
        'habit, a wrong command) are replies with status 200, like on every platform.',
      tag,
      body: chatBody,
      response: replyDto,
      handler: async ({ user, body, services }) => {
        // Wiring, not input: only a server started without the chat core gets here.
        if (!chat) throw new AppError(503, 'chat_unavailable', 'The chat is not available on this server.');
        const account = apiAccount(user);
        const reply = await chat.handle({
          platform: 'api',
          workspace: account.workspace,
          // The API is private to its token's owner: commands meant for a direct message work.
          channel: { id: `api:${user.id}`, kind: 'dm' },
          user: { id: account.platformUserId, displayName: account.displayName },
          ...(body.text !== undefined ? { text: body.text } : { action: body.action }),
          ...(body.eventId !== undefined && { eventId: body.eventId }),
          receivedAt: services.now(),
        });
        return presentReply(reply);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/chat/history',
      summary: 'Your recent conversation with the coach, newest last',
      description:
        'What you said to the coach and what it answered, from every platform. Commands are not ' +
        `conversation and are not listed. \`limit\` defaults to ${HISTORY_DEFAULT_TURNS}, at most ${HISTORY_MAX_TURNS}.`,
      tag,
      query: z.strictObject({
        limit: z.coerce.number().int().min(1).max(HISTORY_MAX_TURNS).default(HISTORY_DEFAULT_TURNS),
      }),
      response: z.array(
        z.object({ role: z.enum(['user', 'model']), content: z.string(), createdAt: z.string() }),
      ),
      handler: async ({ services, user, query }) =>
        (await recentConversation(services, user, query.limit)).map((turn) => ({
          ...turn,
          createdAt: turn.createdAt.toISOString(),
        })),
    }),
  ];
}
