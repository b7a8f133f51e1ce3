/**
 * A local fake of Discord (REST + gateway) for tests that run the real discord.js. See server.ts
 * for the server, interactions.ts for INTERACTION_CREATE builders; TESTING.md (section Discord).
 */
export { startFakeDiscord } from './server.js';
export type { FakeDiscord } from './server.js';
export {
  autocompleteInteraction,
  buildUser,
  buttonInteraction,
  slashCommandInteraction,
} from './interactions.js';
export type {
  AutocompleteInput,
  ButtonInput,
  CommandOption,
  Interaction,
  OptionValues,
  SlashCommandInput,
  UserInput,
} from './interactions.js';
export {
  DEFAULT_APPLICATION_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  DEFAULT_TOKEN,
  nextSnowflake,
} from './identity.js';
export { directMessage } from './messages.js';
export type { DirectMessageInput } from './messages.js';
export { dmChannelFor } from './routes.js';
export type { RouteName } from './routes.js';
export type {
  DiscordUser,
  Failure,
  FakeDiscordOptions,
  FilePart,
  GatewayFrame,
  RecordedCall,
  UnexpectedCall,
} from './types.js';
