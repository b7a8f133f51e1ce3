/**
 * Builders for INTERACTION_CREATE payloads in the shape discord.js 14 accepts (see TESTING.md,
 * section Discord): slash commands (type 2), components such as buttons (type 3) and autocomplete
 * (type 4). In a guild by default; `dm: true` makes a direct-message interaction (`user`, no guild).
 */
import {
  DEFAULT_APPLICATION_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_GUILD_ID,
  botUserFor,
  nextSnowflake,
  type DiscordUser,
} from './identity.js';

export interface UserInput {
  id: string;
  username?: string;
  globalName?: string;
}

/** An option as Discord sends it; `options` nests under subcommands (type 1) and groups (type 2). */
export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

/** Options by name: strings become type 3, integers 4, other numbers 10, booleans 5. */
export type OptionValues = Record<string, string | number | boolean>;

interface InteractionBase {
  user: UserInput;
  id?: string;
  token?: string;
  applicationId?: string;
  guildId?: string;
  channelId?: string;
  /** A DM with the bot: no guild, `user` instead of `member`. */
  dm?: boolean;
  /** The member's permissions bit set in the guild; Administrator ("8") by default. */
  permissions?: string;
  locale?: string;
}

export interface SlashCommandInput extends InteractionBase {
  name: string;
  commandId?: string;
  options?: OptionValues | CommandOption[];
}

export interface AutocompleteInput extends SlashCommandInput {
  /** The option the user is typing in; it must be among `options`. */
  focused: string;
}

export interface ButtonInput extends InteractionBase {
  customId: string;
  /** The bot's message that carried the button; defaults to one with a single button. */
  message?: Record<string, unknown>;
}

export type Interaction = Record<string, unknown> & { id: string; token: string; type: number };

export function buildUser(input: UserInput): DiscordUser {
  return {
    id: input.id,
    username: input.username ?? `user${input.id}`,
    discriminator: '0',
    global_name: input.globalName ?? null,
    avatar: null,
  };
}

export function slashCommandInteraction(input: SlashCommandInput): Interaction {
  return base(input, 2, {
    id: input.commandId ?? nextSnowflake(),
    name: input.name,
    type: 1,
    ...(input.options ? { options: toOptions(input.options) } : {}),
  });
}

export function autocompleteInteraction(input: AutocompleteInput): Interaction {
  const options = toOptions(input.options ?? {});
  const focused = findOption(options, input.focused);
  if (!focused) throw new Error(`autocompleteInteraction: no option named ${input.focused}`);
  focused.focused = true;
  return base(input, 4, { id: input.commandId ?? nextSnowflake(), name: input.name, type: 1, options });
}

export function buttonInteraction(input: ButtonInput): Interaction {
  const applicationId = input.applicationId ?? DEFAULT_APPLICATION_ID;
  const channelId = input.channelId ?? DEFAULT_CHANNEL_ID;
  const message = input.message ?? {
    id: nextSnowflake(),
    channel_id: channelId,
    type: 0,
    content: '',
    author: botUserFor(applicationId),
    embeds: [],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    flags: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Go', custom_id: input.customId }] }],
  };
  return {
    ...base(input, 3, { custom_id: input.customId, component_type: 2 }),
    message,
  };
}

function base(input: InteractionBase, type: number, data: Record<string, unknown>): Interaction {
  const applicationId = input.applicationId ?? DEFAULT_APPLICATION_ID;
  const channelId = input.channelId ?? DEFAULT_CHANNEL_ID;
  const user = buildUser(input.user);
  const common = {
    id: input.id ?? nextSnowflake(),
    application_id: applicationId,
    type,
    token: input.token ?? `interaction-token-${nextSnowflake()}`,
    version: 1,
    data,
    locale: input.locale ?? 'en-US',
    app_permissions: '8',
    entitlements: [],
  };
  if (input.dm) {
    return {
      ...common,
      channel_id: channelId,
      channel: { id: channelId, type: 1, recipients: [user] },
      user,
      authorizing_integration_owners: { '1': user.id },
      context: 1,
    };
  }
  const guildId = input.guildId ?? DEFAULT_GUILD_ID;
  return {
    ...common,
    guild_id: guildId,
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'general' },
    member: {
      user,
      roles: [],
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
      permissions: input.permissions ?? '8',
    },
    authorizing_integration_owners: { '0': guildId },
    context: 0,
  };
}

function toOptions(options: OptionValues | CommandOption[]): CommandOption[] {
  if (Array.isArray(options)) return structuredClone(options);
  return Object.entries(options).map(([name, value]) => ({ name, type: optionType(value), value }));
}

function optionType(value: string | number | boolean): number {
  if (typeof value === 'string') return 3;
  if (typeof value === 'boolean') return 5;
  return Number.isInteger(value) ? 4 : 10;
}

function findOption(options: CommandOption[], name: string): CommandOption | undefined {
  for (const option of options) {
    if (option.name === name && option.type > 2) return option;
    const nested = option.options ? findOption(option.options, name) : undefined;
    if (nested) return nested;
  }
  return undefined;
}
