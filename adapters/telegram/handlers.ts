/**
 * What the bot does with an update: skip repeats, keep each chat's updates in order, hand the
 * member's words or button press to the chat core, and queue the reply.
 */
import type { Context, Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import type { ChatCore } from '../../src/commands/chat-core.js';
import type { Reply } from '../../src/ports/chat.js';
import type { Logger } from '../../src/logger.js';
import type { DeliveryClaims } from '../../src/ports/platform.js';
import { htmlToPlain, renderHtml, TOAST_LIMIT } from './render.js';
import { describeError, type Retry } from './retry.js';
import type { TelegramSender } from './send.js';
import { createAdminCheck } from './admins.js';
import { addressedText, callbackInvocation, messageInvocation } from './invocations.js';
import { InFlight } from '../shared/in-flight.js';
import { SerialByKey } from '../shared/serial.js';

export interface HandlerDependencies {
  core: ChatCore;
  sender: TelegramSender;
  retry: Retry;
  logger: Logger;
  now: () => Date;
  /** The update ids taken already (REMEMBERED_UPDATES of them in-process). */
  deliveries: DeliveryClaims;
}

/** Update ids an in-process record keeps; enough to cover any redelivery window. */
export const REMEMBERED_UPDATES = 10_000;

/**
 * Installs the handlers and returns a function that waits for the updates still being handled.
 * Only text messages and button presses matter to Stride; telegraf passes over everything else.
 */
export function registerHandlers(bot: Telegraf, deps: HandlerDependencies): () => Promise<void> {
  const inOrder = new SerialByKey();
  const inFlight = new InFlight();
  const isAdmin = createAdminCheck(bot.telegram, deps.retry, deps.logger);

  bot.catch((error, ctx) => {
    deps.logger.error(
      { err: describeError(error), updateId: ctx.update.update_id },
      'telegram update failed',
    );
  });

  bot.use(async (ctx, next) => {
    // Two messages sent in quick succession arrive in one batch and are handled concurrently:
    // `/habit add Read` must be done before `/done read` starts. The claim is taken in that order
    // too, so an asynchronous (Redis) claim cannot reorder them.
    await inFlight.track(
      inOrder.run(chatKey(ctx), async () => {
        // A redelivered update (webhook retry, a restart before polling confirmed it) runs once;
        // should the claim fail open, the core's dedupe by eventId keeps it from logging twice.
        if (await deps.deliveries.claim(ctx.update.update_id)) await next();
      }),
    );
  });

  bot.on(message('text'), async (ctx) => {
    if (ctx.message.from.is_bot) return;
    const text = addressedText(ctx.message, ctx.botInfo);
    if (text === undefined) return;
    const reply = await deps.core.handle(
      messageInvocation(ctx.update, text, deps.now(), isAdmin(ctx.chat, ctx.message.from.id)),
    );
    if (reply.repeat) return; // answered already, perhaps by another process
    const chatId = String(ctx.chat.id);
    // Telegram has no messages only one group member sees, so an "ephemeral" reply is posted in
    // the group like any other (a private message instead would fail for members who never opened
    // the bot, and surprise the others). Replying to the member's message shows whom it is for.
    const replyTo = ctx.chat.type === 'private' ? undefined : ctx.message.message_id;
    deliverInBackground(deps, chatId, reply, replyTo);
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    let toast: string | undefined;
    if ('data' in query && !query.from.is_bot) {
      const chat = query.message?.chat ?? { id: query.from.id, type: 'private' as const };
      const reply = await deps.core.handle(
        callbackInvocation(query, deps.now(), isAdmin(chat, query.from.id)),
      );
      const answer = asAlert(reply);
      toast = answer.alert;
      if (!reply.repeat)
        for (const message of answer.messages) deliverInBackground(deps, String(chat.id), message);
    }
    // Always answered: until it is, the member's button shows a spinner.
    await deps
      .retry(() => ctx.telegram.answerCbQuery(query.id, toast, toast ? { show_alert: true } : undefined))
      .catch((error: unknown) =>
        deps.logger.warn({ err: describeError(error) }, 'telegram callback answer failed'),
      );
  });

  return () => inFlight.drain();
}

/**
 * A short ephemeral reply to a button press ("This button is not yours", a group's "My week") goes
 * back as an alert only the presser sees: on Telegram, that is the one thing that is truly
 * ephemeral. Short ephemeral follow-ups (a newcomer's welcome) join it in the alert when they fit,
 * and are sent as messages otherwise; a reply that cannot be an alert is sent whole.
 */
export function asAlert(reply: Reply): { alert?: string; messages: Reply[] } {
  const alert = alertText(reply);
  if (alert === undefined) return { messages: [reply] };
  const followUps = reply.followUps ?? [];
  const texts = followUps.map((followUp) => alertText(followUp, true));
  const joined = [alert, ...texts].join('\n\n');
  if (texts.every((text) => text !== undefined) && joined.length <= TOAST_LIMIT)
    return { alert: joined, messages: [] };
  return { alert, messages: followUps };
}

/** The reply as an alert's text, or undefined when it is no short ephemeral text. */
function alertText(reply: Reply, alone = false): string | undefined {
  if (!reply.ephemeral || reply.image || reply.file || reply.actions?.length) return undefined;
  if (alone && reply.followUps?.length) return undefined;
  const text = htmlToPlain(renderHtml(reply.text)).trim();
  return text && text.length <= TOAST_LIMIT ? text : undefined;
}

/**
 * Queues the reply without waiting for it to go out: pacing can hold a message for seconds, and
 * the next updates (polling waits for this batch) must not wait with it. stop() drains the queue.
 */
function deliverInBackground(
  deps: HandlerDependencies,
  chatId: string,
  reply: Reply,
  replyTo?: number,
): void {
  deps.sender.deliver(chatId, reply, { replyTo }).catch((error: unknown) => {
    deps.logger.error({ err: describeError(error), chatId }, 'telegram reply not delivered');
  });
}

function chatKey(ctx: Context): string {
  return String(ctx.chat?.id ?? ctx.from?.id ?? 'none');
}
