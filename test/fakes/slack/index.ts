/** A local fake of Slack's Web API and Socket Mode, plus signed-request helpers; see server.ts. */
export { startFakeSlack } from './server.js';
export type { FakeSlack, FakeSlackOptions } from './server.js';
export type { FakeSocketMode, SocketModeAck, SocketModeEnvelope } from './socket-mode.js';
export type {
  Failure,
  FakeSlackUser,
  RecordedCall,
  RecordedUpload,
  RequestBody,
  UnexpectedCall,
  UploadedPart,
} from './types.js';
export { DEFAULT_IDENTITY, dmChannelFor } from './identity.js';
export type { FakeSlackIdentity } from './identity.js';
export {
  appHomeOpenedEvent,
  appMentionEvent,
  buildBlockActions,
  buildEventCallback,
  buildSlashCommand,
  DEFAULT_CHANNEL,
  DEFAULT_USER,
  directMessageEvent,
  UNSET_RESPONSE_URL,
} from './payloads.js';
export type {
  BlockActionsOptions,
  EventCallbackOptions,
  SlackEvent,
  SlashCommandOptions,
} from './payloads.js';
export { blockActionsEnvelope, eventsApiEnvelope, slashCommandEnvelope } from './envelopes.js';
export {
  blockActionsBody,
  eventCallbackBody,
  signedHeaders,
  signSlackRequest,
  slashCommandBody,
  urlVerificationBody,
} from './signing.js';
export type { SlackSignatureHeaders } from './signing.js';
