/** Socket Mode envelopes around the payloads of payloads.ts, as Slack pushes them over the socket. */
import { randomUUID } from 'node:crypto';
import { buildBlockActions, buildEventCallback, buildSlashCommand } from './payloads.js';
import type {
  BlockActionsOptions,
  EventCallbackOptions,
  SlackEvent,
  SlashCommandOptions,
} from './payloads.js';
import type { SocketModeEnvelope } from './socket-mode.js';

/** A slash command; its ack may carry the response message (`accepts_response_payload: true`). */
export function slashCommandEnvelope(options: SlashCommandOptions = {}): SocketModeEnvelope {
  return {
    envelope_id: randomUUID(),
    type: 'slash_commands',
    payload: buildSlashCommand(options),
    accepts_response_payload: true,
  };
}

/** A button click; replies go through response_url or the Web API, not the ack. */
export function blockActionsEnvelope(options: BlockActionsOptions = {}): SocketModeEnvelope {
  return {
    envelope_id: randomUUID(),
    type: 'interactive',
    payload: buildBlockActions(options),
    accepts_response_payload: false,
  };
}

/** An Events API event (see appMentionEvent, directMessageEvent, appHomeOpenedEvent). */
export function eventsApiEnvelope(
  event: SlackEvent,
  options: EventCallbackOptions & { retry_attempt?: number; retry_reason?: string } = {},
): SocketModeEnvelope {
  return {
    envelope_id: randomUUID(),
    type: 'events_api',
    payload: buildEventCallback(event, options),
    accepts_response_payload: false,
    retry_attempt: options.retry_attempt ?? 0,
    retry_reason: options.retry_reason ?? '',
  };
}
