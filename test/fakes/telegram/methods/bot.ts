/** The bot's own settings: getMe, its command lists and its webhook. */
import type { BotCommand } from 'telegraf/types';
import { badRequest } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalJson, optionalString } from '../params.js';
import type { MethodHandler } from '../state.js';
import type { Params } from '../types.js';

export const getMe: MethodHandler = (_params, { state }) => state.bot;

// Per the docs: 1–32 characters, lower-case English letters, digits and underscores.
const COMMAND = /^[a-z0-9_]{1,32}$/;

/** Command lists are stored per scope and language, as Telegram keeps them. */
function commandsKey(params: Params): string {
  const scope = optionalJson<Record<string, unknown>>(params, 'scope') ?? { type: 'default' };
  return `${JSON.stringify(scope)}|${optionalString(params, 'language_code') ?? ''}`;
}

export const setMyCommands: MethodHandler = (params, { state }) => {
  const commands = optionalJson<BotCommand[]>(params, 'commands');
  if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
  if (commands.length > 100) throw badRequest('too many commands specified');
  for (const { command, description } of commands) {
    if (typeof command !== 'string' || !COMMAND.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
      throw badRequest('command description is empty or too long');
    }
  }
  state.commands.set(
    commandsKey(params),
    commands.map(({ command, description }) => ({ command, description })),
  );
  return true;
};

export const getMyCommands: MethodHandler = (params, { state }) =>
  state.commands.get(commandsKey(params)) ?? [];

export const deleteMyCommands: MethodHandler = (params, { state }) => {
  state.commands.delete(commandsKey(params));
  return true;
};

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

export const setWebhook: MethodHandler = (params, { state }) => {
  const url = optionalString(params, 'url') ?? '';
  if (url !== '') {
    // Telegram only delivers to HTTPS on ports 443, 80, 88 or 8443.
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('invalid webhook URL specified');
    }
    if (parsed.protocol !== 'https:')
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    if (!['', '443', '80', '88', '8443'].includes(parsed.port)) {
      throw badRequest('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
    }
  }
  const secretToken = optionalString(params, 'secret_token');
  if (secretToken !== undefined && !SECRET_TOKEN.test(secretToken)) {
    throw badRequest('bad webhook: secret token contains unallowed characters');
  }
  if (optionalBoolean(params, 'drop_pending_updates')) state.updates.dropPending();
  const maxConnections = optionalInteger(params, 'max_connections');
  const allowedUpdates = optionalJson<string[]>(params, 'allowed_updates');
  const ipAddress = optionalString(params, 'ip_address');
  state.webhook = {
    url,
    ...(secretToken !== undefined ? { secretToken } : {}),
    ...(maxConnections !== undefined ? { maxConnections } : {}),
    ...(allowedUpdates !== undefined ? { allowedUpdates } : {}),
    ...(ipAddress !== undefined ? { ipAddress } : {}),
  };
  return true;
};

export const deleteWebhook: MethodHandler = (params, { state }) => {
  if (optionalBoolean(params, 'drop_pending_updates')) state.updates.dropPending();
  state.webhook = { url: '' };
  return true;
};

/** Never reveals the secret token, as on Telegram; tests read `fake.webhook` for it. */
export const getWebhookInfo: MethodHandler = (_params, { state }) => {
  const { url, maxConnections, allowedUpdates, ipAddress } = state.webhook;
  return {
    url,
    has_custom_certificate: false,
    pending_update_count: state.updates.pendingCount,
    ...(url && maxConnections !== undefined ? { max_connections: maxConnections } : {}),
    ...(url && allowedUpdates !== undefined ? { allowed_updates: allowedUpdates } : {}),
    ...(url && ipAddress !== undefined ? { ip_address: ipAddress } : {}),
  };
};
