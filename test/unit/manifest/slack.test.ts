/**
 * The Slack app manifest: its shape and Slack's limits (that every command people may type is
 * reachable through its slash commands is tested with the parsing, test/unit/adapters/slack).
 */
import { COMMANDS } from '../../../src/commands/catalog.js';
import { ManifestError, type ManifestCommand } from '../../../src/manifest/groups.js';
import { slackManifest } from '../../../src/manifest/slack.js';

const sut = slackManifest();
const hidden = COMMANDS.filter((command) => command.hidden);
const URL_OF_EVENTS = 'https://stride.example.com/slack/events';

describe('slackManifest', () => {
  it('targets manifest schema 1 and describes Stride', () => {
    expect(sut._metadata).toEqual({ major_version: 1 });
    expect(sut.display_information.name).toBe('Stride');
    expect(sut.display_information.name.length).toBeLessThanOrEqual(35);
    expect(sut.display_information.description.length).toBeGreaterThan(0);
    expect(sut.display_information.description.length).toBeLessThanOrEqual(140);
    expect(sut.display_information.background_color).toMatch(/^#[0-9a-fA-F]{6}$/);
  });

  it('has an App Home with its messages tab and an always-online bot user', () => {
    expect(sut.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(sut.features.bot_user).toEqual({ display_name: 'Stride', always_online: true });
  });

  it('asks for the bot scopes Stride uses', () => {
    expect([...sut.oauth_config.scopes.bot].sort()).toEqual(
      [
        'commands',
        'chat:write',
        'chat:write.public',
        'im:history',
        'im:read',
        'im:write',
        'app_mentions:read',
        'users:read',
        'files:write',
        'channels:history',
        'groups:history',
      ].sort(),
    );
  });

  it('subscribes to events, turns on interactivity and Socket Mode, on one request URL', () => {
    expect(sut.settings).toEqual({
      event_subscriptions: {
        request_url: URL_OF_EVENTS,
        bot_events: ['app_home_opened', 'app_mention', 'message.im'],
      },
      interactivity: { is_enabled: true, request_url: URL_OF_EVENTS },
      org_deploy_enabled: false,
      socket_mode_enabled: true,
      token_rotation_enabled: false,
    });
  });

  it('has one slash command per command group, with /stride for account, settings and help', () => {
    expect(sut.features.slash_commands.map((slash) => slash.command)).toEqual([
      '/today',
      '/done',
      '/habit',
      '/stats',
      '/streak',
      '/chart',
      '/goal',
      '/group',
      '/journal',
      '/mood',
      '/mentor',
      '/mentee',
      '/coach',
      '/stride',
    ]);
  });

  it("keeps every slash command within Slack's limits", () => {
    const slash = sut.features.slash_commands;
    expect(slash.length).toBeLessThanOrEqual(50);
    expect(new Set(slash.map((command) => command.command)).size).toBe(slash.length);
    for (const command of slash) {
      expect(command.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(2000);
      if (command.usage_hint !== undefined) {
        expect(command.usage_hint.length).toBeGreaterThan(0);
        expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
      }
      expect(command.should_escape).toBe(false);
      expect(command.url).toBe(URL_OF_EVENTS);
    }
  });

  it('takes descriptions from summaries and usage hints from usages without the command word', () => {
    const byName = new Map(sut.features.slash_commands.map((slash) => [slash.command, slash]));
    const done = COMMANDS.find((command) => command.name === 'done')!;
    expect(byName.get('/done')).toMatchObject({
      description: done.summary,
      usage_hint: done.usage.replace(/^done /, ''),
    });
    expect(byName.get('/today')!.usage_hint).toBeUndefined();
    expect(byName.get('/habit')!.description).toContain('add, list, log');
    expect(byName.get('/stride')!.description).toContain('forget-me');
  });

  it('uses the given public URL', () => {
    const manifest = slackManifest(COMMANDS, 'https://stride.acme.test/');
    expect(manifest.settings.interactivity.request_url).toBe('https://stride.acme.test/slack/events');
    expect(
      manifest.features.slash_commands.every(
        (slash) => slash.url === 'https://stride.acme.test/slack/events',
      ),
    ).toBe(true);
  });

  it('never mentions a hidden command', () => {
    expect(hidden.length).toBeGreaterThan(0);
    const text = JSON.stringify(sut);
    for (const command of hidden) {
      expect(text).not.toContain(command.name);
      expect(text).not.toContain(command.usage);
    }
    const secret: ManifestCommand = {
      name: 'habit zap-zap',
      summary: 'Secret',
      usage: 'habit zap-zap <id>',
      options: [],
      hidden: true,
    };
    const secretGroup: ManifestCommand = { ...secret, name: 'zapzap', usage: 'zapzap' };
    expect(JSON.stringify(slackManifest([...COMMANDS, secret, secretGroup]))).toBe(text);
  });

  it('refuses a catalog group that would clash with /stride', () => {
    const clash: ManifestCommand = { name: 'stride', summary: 'x', usage: 'stride', options: [] };
    expect(() => slackManifest([...COMMANDS, clash])).toThrow(ManifestError);
  });
});
