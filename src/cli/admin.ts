/** One-shot administration commands: migrate, add and list members, create a token. */
import type { Config } from '../config.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { createApiToken, createUser, listMembers } from '../services/accounts.js';
import { assertMemberNameFree } from '../services/identities.js';
import { printTable } from './table.js';

/** Runs one unit of work on an opened runtime and always closes it. */
export async function withRuntime<T>(config: Config, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** `stride migrate`: opening the runtime applies pending migrations; say which. */
export async function runMigrations(config: Config): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const executed = await runtime.orm.getMigrator().getExecutedMigrations();
    console.log(
      `Database is up to date (${executed.length} migration${executed.length === 1 ? '' : 's'} applied).`,
    );
  });
}

/**
 * `stride users add`: a member and their first API token. A name the console chat already uses is
 * refused: `stride chat --user NAME` reaches the member of that name, so there must be only one.
 */
export async function addUser(
  config: Config,
  options: { name: string; timezone?: string; json: boolean },
): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const services = runtime.services();
    await assertMemberNameFree(services, options.name);
    const user = await createUser(services, { name: options.name, timezone: options.timezone });
    const { token } = await createApiToken(services, user.id);
    if (options.json) {
      console.log(JSON.stringify({ id: user.id, token }));
    } else {
      console.log(`Created member ${user.name} (${user.timezone}) with id ${user.id}`);
      console.log(`API token (shown once, keep it safe): ${token}`);
    }
  });
}

/** `stride users list`: every member with id, name, time zone and linked platforms. */
export async function listUsers(config: Config, options: { json: boolean }): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const members = await listMembers(runtime.services());
    if (options.json) {
      console.log(JSON.stringify(members));
      return;
    }
    if (members.length === 0) {
      console.log('No members yet. Add one with `stride users add --name NAME`.');
      return;
    }
    printTable([
      ['ID', 'NAME', 'TIMEZONE', 'PLATFORMS'],
      ...members.map((m) => [m.id, m.name, m.timezone, m.platforms.join(',') || '-']),
    ]);
  });
}

/** `stride tokens create`: another API token for an existing member. */
export async function createToken(config: Config, options: { userId: string; json: boolean }): Promise<void> {
  await withRuntime(config, async (runtime) => {
    const { token } = await createApiToken(runtime.services(), options.userId);
    console.log(options.json ? JSON.stringify({ userId: options.userId, token }) : `API token: ${token}`);
  });
}
