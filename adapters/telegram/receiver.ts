/**
 * POST /telegram/webhook on Stride's Koa server. telegraf checks the method, the path and the
 * X-Telegram-Bot-Api-Secret-Token header (403 otherwise, and nothing runs), reads the raw body
 * and answers 200 once the update has been handled.
 */
import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import type { Telegraf } from 'telegraf';
import type { Logger } from '../../src/logger.js';
import { describeError } from './retry.js';

export const WEBHOOK_PATH = '/telegram/webhook';

export function webhookMiddleware(
  bot: Telegraf,
  secretToken: string,
  isStopped: () => boolean,
  logger: Logger,
): Middleware {
  const callback = bot.webhookCallback(WEBHOOK_PATH, { secretToken });
  return async (ctx, next) => {
    if (ctx.path !== WEBHOOK_PATH) return next();
    if (isStopped()) {
      // Not handled, so Telegram keeps the update and delivers it again once Stride is back.
      ctx.status = 503;
      return;
    }
    // telegraf writes the response itself; Koa must not write another. Koa has already set
    // 404 on the raw response, and telegraf only ends it after handling, so 200 is set here.
    ctx.respond = false;
    ctx.res.statusCode = 200;
    try {
      // @koa/bodyparser's typings widen IncomingMessage.body; it is unset here (no parser runs first).
      await callback(ctx.req as IncomingMessage & { body?: undefined }, ctx.res);
    } catch (error) {
      logger.error({ err: describeError(error) }, 'telegram webhook failed');
      if (!ctx.res.headersSent) ctx.res.statusCode = 500;
      ctx.res.end();
    }
  };
}
