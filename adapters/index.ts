/**
 * The platform adapters Stride runs: each switches itself on only when its credentials are set.
 */
import type { AdapterDependencies, PlatformAdapter } from '../src/ports/platform.js';
import type { Config } from '../src/config.js';
import { createDiscordAdapter } from './discord/index.js';
import { createSlackAdapter } from './slack/index.js';
import { createTelegramAdapter } from './telegram/index.js';

/** Every adapter whose credentials the config holds. */
export function createAdapters(config: Config, deps: AdapterDependencies): PlatformAdapter[] {
  const adapters: PlatformAdapter[] = [];
  if (config.slack) adapters.push(createSlackAdapter(config.slack, deps));
  if (config.telegram) adapters.push(createTelegramAdapter(config.telegram, deps));
  if (config.discord) adapters.push(createDiscordAdapter(config.discord, deps));
  return adapters;
}
