/**
 * The one place that reads the environment. Every variable is validated at boot; a bad or missing
 * value stops the start with one message listing every problem, and secret values are never printed.
 */
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A Snowflake object name as written unquoted (stored upper case). */
function snowflakeName() {
  return z.string().regex(/^[A-Za-z_][\w$]*$/, 'must be a plain Snowflake name (letters, digits, _ and $)');
}

const envSchema = z.object({
  /** PostgreSQL connection string; unset runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** A PostgreSQL database for the warehouse's `analytics` schema; unset, Stride's own database. */
  ANALYTICS_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** How often the warehouse-sync job runs, in Agenda's words. */
  WAREHOUSE_SYNC_EVERY: z
    .string()
    .regex(/^\d+ (second|minute|hour)s?$/, 'must read like "5 minutes"')
    .default('5 minutes'),
  /**
   * Snowflake account identifier (e.g. `myorg-myaccount`); switches the warehouse to Snowflake,
   * which then needs SNOWFLAKE_USERNAME, a password or a private key, and SNOWFLAKE_DATABASE,
   * SNOWFLAKE_SCHEMA and SNOWFLAKE_WAREHOUSE.
   */
  SNOWFLAKE_ACCOUNT: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]*$/, 'must be an account identifier, e.g. myorg-myaccount')
    .optional(),
  /** The Snowflake user Stride logs in as. */
  SNOWFLAKE_USERNAME: z.string().min(1).optional(),
  /** That user's password (or use a key pair: SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_PRIVATE_KEY_PATH). */
  SNOWFLAKE_PASSWORD: z.string().min(1).optional(),
  /** A PEM private key for key-pair authentication; `\n` escapes are read as line breaks. */
  SNOWFLAKE_PRIVATE_KEY: z
    .string()
    .regex(
      /-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/,
      'must be a PEM private key (-----BEGIN PRIVATE KEY-----)',
    )
    .optional(),
  /** A file holding the PEM private key, instead of SNOWFLAKE_PRIVATE_KEY. */
  SNOWFLAKE_PRIVATE_KEY_PATH: z.string().min(1).optional(),
  /** The passphrase of an encrypted private key. */
  SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: z.string().min(1).optional(),
  /** The database holding the star schema (it must exist). */
  SNOWFLAKE_DATABASE: snowflakeName().optional(),
  /** The schema of that database the tables are created in (it must exist). */
  SNOWFLAKE_SCHEMA: snowflakeName().optional(),
  /** The virtual warehouse that runs the statements. */
  SNOWFLAKE_WAREHOUSE: snowflakeName().optional(),
  /** The role to use; the user's default role when unset. */
  SNOWFLAKE_ROLE: snowflakeName().optional(),
  /** Overrides Snowflake's endpoint (proxies, tests), e.g. http://127.0.0.1:8080. */
  SNOWFLAKE_ACCESS_URL: z
    .string()
    .regex(
      /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/,
      'must be an http:// or https:// URL, e.g. http://127.0.0.1:8080',
    )
    .optional(),
  /**
   * Redis, shared by every Stride process (events, chart cache, coach limits, platform deliveries);
   * unset keeps all of it in-process, which is right for a single process. A database index may
   * follow the port (redis://host:6379/2); rediss:// uses TLS.
   */
  REDIS_URL: z
    .string()
    .regex(
      /^rediss?:\/\/[^\s/?#]+(\/\d{1,2})?\/?$/,
      'must be a redis:// or rediss:// URL, e.g. redis://localhost:6379 or redis://:password@host:6379/0',
    )
    .optional(),
  /** Prepended to every Redis key and channel, so several deployments can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'must be 1-64 characters of A-Z, a-z, 0-9, _, :, . and -')
    .default('stride:'),
  /** Where Stride keeps its local state (the embedded database). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** The HTTP port of the API, webhooks and web pages. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * The address members reach this server at (links in chat, e.g. the mentor login link); defaults
   * to http://localhost:PORT. An https URL also marks the mentor session cookie Secure.
   */
  PUBLIC_URL: z
    .url()
    .regex(/^https?:\/\/[^?#]*$/, 'must be an http:// or https:// URL without a query or fragment')
    .optional(),
  /** The interface the HTTP server binds to. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** pino log level. */
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** `off` keeps this process from running jobs and outbound delivery (another process runs them). */
  JOBS: z.enum(['on', 'off']).default('on'),
  /** How many days handled deliveries, used buttons and codes, sent messages and job runs are kept. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),

  /** Slack bot token (xoxb-…); with SLACK_SIGNING_SECRET it switches the Slack adapter on. */
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must start with xoxb-').optional(),
  /** Slack's signing secret, to verify requests to /slack/events. */
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** An app-level token (xapp-…) switches Slack to Socket Mode (no public URL needed). */
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must start with xapp-').optional(),
  /** Overrides Slack's Web API base URL (tests, proxies), e.g. http://127.0.0.1:9000/api/. */
  SLACK_API_URL: z.url().optional(),

  /** Telegram bot token from BotFather; switches the Telegram adapter on. */
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-…')
    .optional(),
  /** Public HTTPS URL of /telegram/webhook; unset means long polling. */
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  /** Secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -). */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[\w-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  /** Overrides the Bot API base (tests, local Bot API servers). */
  TELEGRAM_API_ROOT: z.url().optional(),

  /** Discord bot token (Developer Portal → Bot); with DISCORD_APPLICATION_ID it switches Discord on. */
  DISCORD_TOKEN: z
    .string()
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'must be a bot token (three parts joined by dots)')
    .optional(),
  /** The Discord application's id (Developer Portal → General Information). */
  DISCORD_APPLICATION_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'must be a Discord id (digits)')
    .optional(),
  /** Registers the commands in this guild only (instant, for development); globally when unset. */
  DISCORD_GUILD_ID: z
    .string()
    .regex(/^\d{15,21}$/, 'must be a Discord id (digits)')
    .optional(),
  /** Overrides Discord's REST base without the version (tests, proxies), e.g. http://127.0.0.1:9000/api. */
  DISCORD_API_URL: z.url().optional(),

  /** Gemini API key; unset, the offline coach answers. */
  GEMINI_API_KEY: z.string().min(1).optional(),
  /** The Gemini model the coach uses. */
  GEMINI_MODEL: z.string().min(1).default('gemini-2.5-flash'),
  /** Overrides the Gemini endpoint (tests, proxies). */
  GEMINI_BASE_URL: z.url().optional(),
  /** Coach messages a member may send per hour. */
  COACH_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** LLM tokens a member may use per day; past it, the offline coach answers. */
  COACH_DAILY_TOKEN_BUDGET: z.coerce.number().int().min(1000).default(100_000),
  /** How long the coach waits for the LLM before the offline coach answers. */
  COACH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

/** Every variable the configuration reads: deployments (docker-compose.yml) must pass each one on. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Variables whose values must never appear in an error or a log line. */
const SECRET_KEYS = new Set([
  'DATABASE_URL',
  'ANALYTICS_DATABASE_URL',
  'REDIS_URL',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'DISCORD_TOKEN',
  'GEMINI_API_KEY',
  'SNOWFLAKE_PASSWORD',
  'SNOWFLAKE_PRIVATE_KEY',
  'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
]);

/** What Snowflake needs besides SNOWFLAKE_ACCOUNT and a credential. */
const SNOWFLAKE_REQUIRED = [
  'SNOWFLAKE_USERNAME',
  'SNOWFLAKE_DATABASE',
  'SNOWFLAKE_SCHEMA',
  'SNOWFLAKE_WAREHOUSE',
] as const;

/** Snowflake settings that mean nothing without SNOWFLAKE_ACCOUNT. */
const SNOWFLAKE_OTHERS = [
  ...SNOWFLAKE_REQUIRED,
  'SNOWFLAKE_PASSWORD',
  'SNOWFLAKE_PRIVATE_KEY',
  'SNOWFLAKE_PRIVATE_KEY_PATH',
  'SNOWFLAKE_PRIVATE_KEY_PASSPHRASE',
  'SNOWFLAKE_ROLE',
  'SNOWFLAKE_ACCESS_URL',
] as const;

/** The Snowflake warehouse (issue 15), set when SNOWFLAKE_ACCOUNT is. */
export interface SnowflakeConfig {
  account: string;
  username: string;
  auth:
    | { kind: 'password'; password: string }
    | { kind: 'key-pair'; privateKey?: string; privateKeyPath?: string; passphrase?: string };
  database: string;
  schema: string;
  warehouse: string;
  role?: string;
  accessUrl?: string;
}

export interface Config {
  databaseUrl: string | undefined;
  /**
   * The warehouse (issue 15): Snowflake when configured, else PostgreSQL (in its own database when
   * set); and how often it syncs.
   */
  warehouse: { databaseUrl?: string; snowflake?: SnowflakeConfig; syncEvery: string };
  /** Set when REDIS_URL is: what several processes share goes through this Redis. */
  redis?: { url: string; keyPrefix: string };
  dataDir: string;
  port: number;
  /** Where members reach this server, without a trailing slash. */
  publicUrl: string;
  host: string;
  logLevel: (typeof logLevels)[number];
  /** Whether this process runs the jobs and delivers the outbox. */
  jobs: boolean;
  retentionDays: number;
  /** Set when the Slack adapter is switched on. */
  slack?: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
  /** Set when the Telegram adapter is switched on. */
  telegram?: { botToken: string; webhookUrl?: string; webhookSecret?: string; apiRoot?: string };
  /** Set when the Discord adapter is switched on. */
  discord?: { token: string; applicationId: string; guildId?: string; apiUrl?: string };
  /** Set when Gemini is configured; otherwise the offline coach answers. */
  gemini?: { apiKey: string; model: string; baseUrl?: string };
  coach: { rateLimitPerHour: number; dailyTokenBudget: number; timeoutMs: number };
}

/** Thrown when the environment is invalid; its message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most dotenv-style setups.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema
    .superRefine((values, ctx) => {
      if (values.SLACK_BOT_TOKEN && !values.SLACK_SIGNING_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_SIGNING_SECRET'],
          message: 'is required with SLACK_BOT_TOKEN',
        });
      }
      if (values.SLACK_APP_TOKEN && !values.SLACK_BOT_TOKEN) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_BOT_TOKEN'],
          message: 'is required with SLACK_APP_TOKEN',
        });
      }
      if (values.TELEGRAM_WEBHOOK_URL && !values.TELEGRAM_WEBHOOK_SECRET) {
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_WEBHOOK_SECRET'],
          message: 'is required with TELEGRAM_WEBHOOK_URL',
        });
      }
      if (values.TELEGRAM_WEBHOOK_URL && !values.TELEGRAM_BOT_TOKEN) {
        ctx.addIssue({
          code: 'custom',
          path: ['TELEGRAM_BOT_TOKEN'],
          message: 'is required with TELEGRAM_WEBHOOK_URL',
        });
      }
      if (values.DISCORD_TOKEN && !values.DISCORD_APPLICATION_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['DISCORD_APPLICATION_ID'],
          message: 'is required with DISCORD_TOKEN',
        });
      }
      for (const key of ['DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID'] as const) {
        if (values[key] && !values.DISCORD_TOKEN) {
          ctx.addIssue({ code: 'custom', path: ['DISCORD_TOKEN'], message: `is required with ${key}` });
        }
      }
      checkSnowflake(values, (key, message) => ctx.addIssue({ code: 'custom', path: [key], message }));
    })
    .safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        // zod messages never echo the value, but say so explicitly for secrets.
        return SECRET_KEYS.has(key) ? `${key}: ${issue.message} (value hidden)` : `${key}: ${issue.message}`;
      }),
    );
  }
  const values = parsed.data;
  return {
    databaseUrl: values.DATABASE_URL,
    warehouse: {
      databaseUrl: values.ANALYTICS_DATABASE_URL,
      snowflake: snowflakeConfig(values),
      syncEvery: values.WAREHOUSE_SYNC_EVERY,
    },
    redis: values.REDIS_URL ? { url: values.REDIS_URL, keyPrefix: values.REDIS_KEY_PREFIX } : undefined,
    dataDir: path.resolve(values.DATA_DIR),
    port: values.PORT,
    publicUrl: (values.PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ''),
    host: values.HOST,
    logLevel: values.LOG_LEVEL,
    jobs: values.JOBS === 'on',
    retentionDays: values.RETENTION_DAYS,
    slack:
      values.SLACK_BOT_TOKEN && values.SLACK_SIGNING_SECRET
        ? {
            botToken: values.SLACK_BOT_TOKEN,
            signingSecret: values.SLACK_SIGNING_SECRET,
            appToken: values.SLACK_APP_TOKEN,
            apiUrl: values.SLACK_API_URL,
          }
        : undefined,
    telegram: values.TELEGRAM_BOT_TOKEN
      ? {
          botToken: values.TELEGRAM_BOT_TOKEN,
          webhookUrl: values.TELEGRAM_WEBHOOK_URL,
          webhookSecret: values.TELEGRAM_WEBHOOK_SECRET,
          apiRoot: values.TELEGRAM_API_ROOT,
        }
      : undefined,
    discord:
      values.DISCORD_TOKEN && values.DISCORD_APPLICATION_ID
        ? {
            token: values.DISCORD_TOKEN,
            applicationId: values.DISCORD_APPLICATION_ID,
            guildId: values.DISCORD_GUILD_ID,
            apiUrl: values.DISCORD_API_URL,
          }
        : undefined,
    gemini: values.GEMINI_API_KEY
      ? { apiKey: values.GEMINI_API_KEY, model: values.GEMINI_MODEL, baseUrl: values.GEMINI_BASE_URL }
      : undefined,
    coach: {
      rateLimitPerHour: values.COACH_RATE_LIMIT_PER_HOUR,
      dailyTokenBudget: values.COACH_DAILY_TOKEN_BUDGET,
      timeoutMs: values.COACH_TIMEOUT_MS,
    },
  };
}

type EnvValues = z.infer<typeof envSchema>;

/** The Snowflake settings that go together: everything required once SNOWFLAKE_ACCOUNT is set. */
function checkSnowflake(values: EnvValues, problem: (key: string, message: string) => void): void {
  if (!values.SNOWFLAKE_ACCOUNT) {
    const set = SNOWFLAKE_OTHERS.filter((key) => values[key]);
    if (set.length > 0) problem('SNOWFLAKE_ACCOUNT', `is required with ${set.join(', ')}`);
    return;
  }
  for (const key of SNOWFLAKE_REQUIRED) if (!values[key]) problem(key, 'is required with SNOWFLAKE_ACCOUNT');
  const credentials = (
    ['SNOWFLAKE_PASSWORD', 'SNOWFLAKE_PRIVATE_KEY', 'SNOWFLAKE_PRIVATE_KEY_PATH'] as const
  ).filter((key) => values[key]);
  if (credentials.length === 0)
    problem(
      'SNOWFLAKE_PASSWORD',
      'is required with SNOWFLAKE_ACCOUNT (or SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_PRIVATE_KEY_PATH for a key pair)',
    );
  if (credentials.length > 1) problem(credentials[1]!, `set only one of ${credentials.join(', ')}`);
  if (values.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE && values.SNOWFLAKE_PASSWORD)
    problem('SNOWFLAKE_PRIVATE_KEY_PASSPHRASE', 'goes with a private key, not SNOWFLAKE_PASSWORD');
  if (values.ANALYTICS_DATABASE_URL)
    problem(
      'ANALYTICS_DATABASE_URL',
      'cannot be used with SNOWFLAKE_ACCOUNT: the warehouse is one or the other',
    );
}

function snowflakeConfig(values: EnvValues): SnowflakeConfig | undefined {
  if (!values.SNOWFLAKE_ACCOUNT) return undefined;
  const auth: SnowflakeConfig['auth'] = values.SNOWFLAKE_PASSWORD
    ? { kind: 'password', password: values.SNOWFLAKE_PASSWORD }
    : {
        kind: 'key-pair',
        // A PEM pasted into a one-line variable keeps its line breaks as `\n`.
        privateKey: values.SNOWFLAKE_PRIVATE_KEY?.replace(/\\n/g, '\n'),
        privateKeyPath: values.SNOWFLAKE_PRIVATE_KEY_PATH,
        passphrase: values.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE,
      };
  return {
    account: values.SNOWFLAKE_ACCOUNT,
    username: values.SNOWFLAKE_USERNAME!,
    auth,
    database: values.SNOWFLAKE_DATABASE!,
    schema: values.SNOWFLAKE_SCHEMA!,
    warehouse: values.SNOWFLAKE_WAREHOUSE!,
    role: values.SNOWFLAKE_ROLE,
    accessUrl: values.SNOWFLAKE_ACCESS_URL,
  };
}
