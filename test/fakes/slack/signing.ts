/**
 * Slack's request signing and the exact bodies Slack POSTs to an app over HTTP, for tests that drive
 * Bolt's HTTP receiver (or our own) with signed requests.
 */
import { createHmac } from 'node:crypto';
import { buildBlockActions, buildEventCallback, buildSlashCommand } from './payloads.js';
import type {
  BlockActionsOptions,
  EventCallbackOptions,
  SlackEvent,
  SlashCommandOptions,
} from './payloads.js';

export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/**
 * Signs a raw body as Slack does: `v0=` + hex HMAC-SHA256 of `v0:{ts}:{body}` under the signing secret.
 * Pass an old `timestampSeconds` to produce a request receivers must reject as stale (> 5 minutes).
 */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}

/** The x-www-form-urlencoded body of a slash command (Content-Type application/x-www-form-urlencoded). */
export function slashCommandBody(options: SlashCommandOptions = {}): string {
  return new URLSearchParams(buildSlashCommand(options)).toString();
}

/** `payload=<url-encoded JSON>` of a block_actions click (Content-Type application/x-www-form-urlencoded). */
export function blockActionsBody(options: BlockActionsOptions = {}): string {
  return new URLSearchParams({ payload: JSON.stringify(buildBlockActions(options)) }).toString();
}

/** The JSON body of an Events API delivery (Content-Type application/json). */
export function eventCallbackBody(event: SlackEvent, options: EventCallbackOptions = {}): string {
  return JSON.stringify(buildEventCallback(event, options));
}

/** The JSON body Slack sends once to check a new Request URL; the app must echo `challenge`. */
export function urlVerificationBody(challenge: string, token = 'verification-token'): string {
  return JSON.stringify({ token, challenge, type: 'url_verification' });
}

/** Headers for POSTing one of the bodies above: the signature plus the Content-Type Slack sends. */
export function signedHeaders(
  secret: string,
  rawBody: string,
  timestampSeconds?: number,
): Record<string, string> {
  const contentType = rawBody.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
  return { 'content-type': contentType, ...signSlackRequest(secret, rawBody, timestampSeconds) };
}
