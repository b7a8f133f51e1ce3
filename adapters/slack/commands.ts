/**
 * Slack's command-line parsing: a slash command and its text as the catalog's command line. The
 * manifest (src/manifest/slack.ts) tells Slack which slash commands exist; this is the way back.
 */
import { COMMANDS } from '../../src/commands/catalog.js';
import { groupLine, type ManifestCommand } from '../../src/manifest/groups.js';
import { STRIDE_SLASH_COMMAND } from '../../src/manifest/slack.js';

/**
 * The catalog command line for a Slack slash command and its text: `('/habit', 'log run')` →
 * `habit log run`, `('/stride', 'link ABC')` → `link ABC`, `('/stride', '')` → `help`,
 * `('/today', '')` → `today`, and a bare group (`/habit`) → `help habit`.
 */
export function slashCommandLine(
  command: string,
  text: string,
  commands: readonly ManifestCommand[] = COMMANDS,
): string {
  const name = command.trim().replace(/^\//, '').toLowerCase();
  const rest = text.trim();
  if (`/${name}` === STRIDE_SLASH_COMMAND) return rest || 'help';
  return groupLine(name, rest, commands);
}
