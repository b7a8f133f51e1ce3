/** Structured logs (pino). The level comes from the config; nothing here reads the environment. */
import { pino } from 'pino';

export type Logger = pino.Logger;

/** Creates the process logger; logs go to stderr so a CLI's stdout stays clean for --json output. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'stride' } }, pino.destination(2));
}
