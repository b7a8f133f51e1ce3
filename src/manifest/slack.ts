/**
 * The Slack app manifest (api.slack.com app manifests, schema major version 1), built from the
 * command catalog. The way back, from a slash command to the catalog's command line, is the Slack
 * adapter's (adapters/slack/commands.ts).
 *
 * Each command group gets its own slash command (`/habit`, `/today`…), except the account and
 * help commands, which share `/stride` (`/stride link`, `/stride export`) so that Stride does not
 * claim common words like `/export` or `/help` in a workspace.
 */
import { COMMANDS } from '../commands/catalog.js';
import {
  commandGroups,
  groupCommands,
  groupDescription,
  ManifestError,
  type ManifestCommand,
} from './groups.js';
import { toYaml } from './yaml.js';

/** The slash command that carries the groups below, and any command line at all. */
export const STRIDE_SLASH_COMMAND = '/stride';
/** Groups reached through `/stride …` rather than a slash command of their own. */
export const STRIDE_SLASH_GROUPS: readonly string[] = [
  'settings',
  'link',
  'export',
  'forget-me',
  'token',
  'help',
];
/** A placeholder host: replace it with Stride's public URL for HTTP mode (Socket Mode ignores it). */
export const SLACK_EXAMPLE_BASE_URL = 'https://stride.example.com';
/** Where Stride's Koa server mounts Slack: commands, interactivity and events on one path. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** A usage hint longer than this is shown truncated in Slack's autocomplete; list subcommands instead. */
const USAGE_HINT_SOFT_LIMIT = 100;
const SLACK_DESCRIPTION_LIMIT = 2000;
const STRIDE_DESCRIPTION = 'Your account, settings and help';

export type SlackSlashCommand = {
  command: string;
  description: string;
  usage_hint?: string;
  should_escape: boolean;
  url: string;
};

export type SlackManifest = {
  _metadata: { major_version: number };
  display_information: { name: string; description: string; background_color: string };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: SlackSlashCommand[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
};

/** Bot scopes, each for something Stride does. */
const BOT_SCOPES = [
  'commands', // slash commands
  'chat:write', // replies, reminders, reviews
  'chat:write.public', // weekly reviews in channels Stride was not invited to
  'im:history', // direct messages to the bot
  'im:read',
  'im:write', // opening a DM for reminders
  'app_mentions:read', // "@Stride stats" in a channel
  'users:read', // a member's time zone and name
  'files:write', // chart images (files.uploadV2)
  'channels:history',
  'groups:history',
];

/** The Slack app manifest for the catalog. `baseUrl` is Stride's public URL (HTTP mode only). */
export function slackManifest(
  commands: readonly ManifestCommand[] = COMMANDS,
  baseUrl = SLACK_EXAMPLE_BASE_URL,
): SlackManifest {
  const url = `${baseUrl.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}`;
  return {
    _metadata: { major_version: 1 },
    display_information: {
      name: 'Stride',
      description:
        'A habit and goal coach: log habits, keep streaks, see charts and reach goals without leaving Slack.',
      background_color: '#1f5f4a',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'Stride', always_online: true },
      slash_commands: slackSlashCommands(commands, url),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: url, bot_events: ['app_home_opened', 'app_mention', 'message.im'] },
      interactivity: { is_enabled: true, request_url: url },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    },
  };
}

/** The manifest as the YAML file `manifest/slack.yaml` holds. */
export function renderSlackManifest(manifest: SlackManifest = slackManifest()): string {
  return toYaml(manifest, [
    "Stride's Slack app manifest, generated from the command catalog by `npm run manifest`",
    '(src/manifest/slack.ts): do not edit by hand.',
    'Create the app at https://api.slack.com/apps, "From an app manifest", with this file.',
    `Socket Mode is on, so Slack ignores every url below. For HTTP mode, set socket_mode_enabled to`,
    `false and replace ${new URL(SLACK_EXAMPLE_BASE_URL).host} with Stride's public host in every url.`,
  ]);
}

function slackSlashCommands(commands: readonly ManifestCommand[], url: string): SlackSlashCommand[] {
  const groups = commandGroups(commands);
  if (groups.some((group) => `/${group.name}` === STRIDE_SLASH_COMMAND)) {
    throw new ManifestError([
      `a command group is named "${STRIDE_SLASH_COMMAND.slice(1)}", which Slack's ${STRIDE_SLASH_COMMAND} already is`,
    ]);
  }
  const own = groups.filter((group) => !STRIDE_SLASH_GROUPS.includes(group.name));
  const shared = groups.filter((group) => STRIDE_SLASH_GROUPS.includes(group.name));
  const slash = own.map((group) => {
    const usages = groupCommands(group).map((command) => afterWords(command.usage, 1));
    const hint = usageHint(
      usages,
      group.subcommands.map((sub) => sub.word),
    );
    return slashCommand(`/${group.name}`, groupDescription(group, SLACK_DESCRIPTION_LIMIT), hint, url);
  });
  if (shared.length) {
    const sharedCommands = shared.flatMap(groupCommands);
    const description = `${STRIDE_DESCRIPTION}: ${sharedCommands.map((command) => command.name).join(', ')}`;
    const hint = usageHint(
      sharedCommands.map((command) => command.usage),
      shared.map((group) => group.name),
    );
    slash.push(slashCommand(STRIDE_SLASH_COMMAND, description, hint, url));
  }
  return slash;
}

function slashCommand(
  command: string,
  description: string,
  usageHint: string,
  url: string,
): SlackSlashCommand {
  return { command, description, ...(usageHint ? { usage_hint: usageHint } : {}), should_escape: false, url };
}

/** The usages side by side when they fit one short line, else just the words that may follow. */
function usageHint(usages: string[], words: string[]): string {
  const all = usages.filter(Boolean).join(' | ');
  return all.length <= USAGE_HINT_SOFT_LIMIT ? all : [...new Set(words)].join(' | ');
}

/** A usage without its first `count` words: `habit log <habit>` → `log <habit>`. */
function afterWords(usage: string, count: number): string {
  return usage.trim().split(/\s+/).slice(count).join(' ');
}

/** For the README and help texts: which slash command reaches a catalog command. */
export function slashCommandFor(commandName: string): string {
  const group = commandName.split(' ')[0]!;
  return STRIDE_SLASH_GROUPS.includes(group) ? `${STRIDE_SLASH_COMMAND} ${commandName}` : `/${commandName}`;
}
