/** How a chat command is defined: once, for every platform. */
import { z, type ZodType } from 'zod';
import type { ChartRenderer } from '../charts/index.js';
import type { Coach } from '../coach/coach.js';
import type { LocalDate } from '../domain/types.js';
import type { ServiceContext } from '../services/context.js';
import type { Outbox } from '../services/outbox.js';
import type { Habit, User } from '../store/entities/index.js';
import type { DraftReply, Invocation } from '../ports/chat.js';

/** What a command runs with. */
export interface CommandContext {
  services: ServiceContext;
  /** The member who is talking (or who pressed the button). */
  member: User;
  invocation: Invocation;
  /** The member's local date now. */
  today: LocalDate;
  charts: ChartRenderer;
  coach: Coach;
  /** Where a command puts a message for later (a snoozed reminder). */
  outbox: Outbox;
  /** Where members reach the web pages (PUBLIC_URL, no trailing slash). */
  publicUrl: string;
  /**
   * The member's live habits as the delivery's claim read them, taken by the command's first
   * findHabit, which every command that names a habit calls before it writes anything; later
   * calls read them again, so nothing reads them stale after a write.
   */
  habitsRead?: Habit[];
}

/** An option as platforms with structured commands (Discord) show it. */
export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'number';
  required?: boolean;
  choices?: string[];
  /** Bounds of a number, where the platform can enforce them. */
  min?: number;
  max?: number;
  /**
   * A word the text form puts before the value (`target 12`, `by 2027-06-01`): structured values
   * are joined into a command line with it, so one parser serves typed and structured input.
   */
  keyword?: string;
  /**
   * The option names one of the member's habits or goals: a platform with autocomplete (Discord)
   * offers their names as they type (ChatCore.complete).
   */
  complete?: 'habit' | 'goal';
}

export interface CommandDefinition<Args = unknown> {
  /** One or two words: `today`, `habit add`. */
  name: string;
  /** One line, at most 100 characters (Discord's limit). */
  summary: string;
  usage: string;
  examples: string[];
  /** Structured options, in the order their values are joined into a command line. */
  options: OptionSpec[];
  /** Turns the words after the command's name into arguments (throws UsageError). */
  parse(words: string[], ctx: CommandContext): Args | Promise<Args>;
  /** Validates what `parse` produced. */
  args: ZodType<Args>;
  run(args: Args, ctx: CommandContext): Promise<DraftReply>;
  /** Only in a direct message (e.g. `token`). */
  directOnly?: boolean;
  /**
   * For a command whose reply must not be kept (a secret, a file of the member's data): what a
   * repeated delivery answers instead of that reply. Only this stand-in is stored for repeats.
   */
  repeatReply?: string;
  /** Only reachable by pressing a button Stride showed (confirmations); never typed. */
  hidden?: boolean;
  /**
   * Other names that run this command when typed (`settings` for `settings show`). Manifests list
   * only `name`: a platform cannot register a word as both a command and a group of commands.
   */
  aliases?: string[];
}

/** Declares a command with its argument type inferred. */
export function defineCommand<Args>(definition: CommandDefinition<Args>): CommandDefinition<Args> {
  return definition;
}

/**
 * A hidden command that a confirmation button runs on one thing by id (delete this habit, create
 * this plan): never typed, so it needs no usage or examples.
 */
export function defineConfirmation(
  name: string,
  summary: string,
  run: (id: string, ctx: CommandContext) => Promise<DraftReply>,
): CommandDefinition<{ id: string }> {
  return {
    name,
    summary,
    usage: `${name} <id>`,
    examples: [],
    options: [],
    hidden: true,
    args: z.object({ id: z.uuid() }),
    parse: (words) => ({ id: words[0] ?? '' }),
    run: ({ id }, ctx) => run(id, ctx),
  };
}

/** A command of any argument type, as lists of commands hold them (each is internally consistent). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- argument types differ per command
export type AnyCommand = CommandDefinition<any>;
