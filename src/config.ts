/**
 * The one place that reads the environment. Every variable is validated at boot; a bad or missing
 * value stops the start with one message listing every problem, and secret values are never printed.
 */
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  /** PostgreSQL connection string; unset runs an embedded PostgreSQL under DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Where Stride keeps its local state (the embedded database). */
  DATA_DIR: z.string().min(1).default('./data'),
  /** The HTTP port of the API, webhooks and web pages. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The interface the HTTP server binds to. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** pino log level. */
  LOG_LEVEL: z.enum(logLevels).default('info'),
});

/** Variables whose values must never appear in an error or a log line. */
const SECRET_KEYS = new Set(['DATABASE_URL']);

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  logLevel: (typeof logLevels)[number];
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
  const parsed = envSchema.safeParse(present);
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
    dataDir: path.resolve(values.DATA_DIR),
    port: values.PORT,
    host: values.HOST,
    logLevel: values.LOG_LEVEL,
  };
}
