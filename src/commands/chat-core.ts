/**
 * The chat core: takes an Invocation from any adapter and answers with a Reply. It cleans the
 * input of control characters, resolves who is talking, answers a repeated delivery with the first
 * reply, runs a pressed button only for its owner (and a confirmation only once), and turns every
 * failure into a short friendly message with the command's usage.
 */
import { ZodError } from 'zod';
import type { ChartRenderer } from '../charts/index.js';
import type { Coach } from '../coach/coach.js';
import { isAppError, isDatabaseUnavailable, zodMessage } from '../errors.js';
import { EventsAfterReply } from '../events/after-reply.js';
import type { EventBus } from '../events/types.js';
import type { Logger } from '../logger.js';
import { todayFor, type ServiceContext } from '../services/context.js';
import { resolveMember } from '../services/identities.js';
import { Outbox } from '../services/outbox.js';
import { Identity, type Habit, type User } from '../store/entities/index.js';
import { listGoals } from '../services/goals.js';
import { listHabits } from '../services/habits.js';
import { claimButton, findButton, storeButtons, type NewButton } from '../store/repositories/index.js';
import type { Orm } from '../store/orm.js';
import { COMMANDS, findCommand, usageOf } from './catalog.js';
import type { AnyCommand, CommandContext } from './define.js';
import { ChoiceError, UsageError } from '../language/errors.js';
import { claimEvent, recordReply, releaseEvent, type Claim } from './idempotency.js';
import { accountOf, cleanInvocation, stripControl, withLocaleForDates } from './invocation.js';
import { sendableReply, withoutButtons } from './outbound.js';
import { editDistance, rankNames } from '../language/match.js';
import { quote, tokenize } from '../language/tokens.js';
import type { ChatCore, CompletionRequest, DraftReply, Invocation, Reply } from '../ports/chat.js';

export interface ChatCoreDependencies {
  orm: Orm;
  events: EventBus;
  charts: ChartRenderer;
  /** Answers free text; the offline coach when no LLM is configured. */
  coach: Coach;
  logger: Logger;
  now?: () => Date;
  /** The process's outbox (a snoozed reminder goes there); a private one when not given. */
  outbox?: Outbox;
  /** Where members reach the web pages (PUBLIC_URL), for links in replies. */
  publicUrl?: string;
  /** Holds each invocation's events until its reply is handed on; one over `events` when not given. */
  afterReply?: EventsAfterReply;
}

/** The chat core, and when the events of the invocations it answered have all been published. */
export interface ChatCoreWithEvents extends ChatCore {
  settled(): Promise<void>;
}

// The lifetime of a button lives with the code that stores buttons; kept exported here for callers.
export { BUTTON_LIFETIME_DAYS } from './outbound.js';

export type { ChatCore } from '../ports/chat.js';

/** Builds the chat core over the store, events and charts. */
export function createChatCore(deps: ChatCoreDependencies): ChatCoreWithEvents {
  const now = deps.now ?? (() => new Date());
  const afterReply = deps.afterReply ?? new EventsAfterReply(deps.events, deps.logger);
  const newContext = (events: EventBus = deps.events): ServiceContext => ({
    em: deps.orm.em.fork(),
    events,
    now,
  });
  const tools: Tools = {
    charts: deps.charts,
    coach: deps.coach,
    outbox: deps.outbox ?? new Outbox(),
    publicUrl: deps.publicUrl ?? 'http://localhost:3000',
  };

  return {
    async handle(raw) {
      let claim: Claim | undefined;
      const invocation = cleanInvocation(raw);
      // One context for the whole invocation: the claim and the reply's record are plain SQL, so
      // sharing the command's context changes nothing for them, and a fork per step costs. Its
      // events are published once the reply is returned (and so on its way to the platform).
      const events = afterReply.hold();
      const services = newContext(events);
      try {
        // A delivery with an event id is claimed by the statement that looks up its sender.
        const account = accountOf(invocation);
        let found: User | null | undefined;
        let habitsRead: Habit[] | undefined;
        if (invocation.eventId) {
          claim = await claimEvent(services, invocation, account);
          if (claim.kind === 'repeat') return { ...claim.reply, repeat: true };
          found = claim.member;
          habitsRead = claim.habits ?? undefined;
        }
        const member = await resolveMember(services, account, found);
        const { reply, forRepeats, buttons } = await answer(invocation, services, tools, member, habitsRead);
        // Recorded after the command ran: owned by whoever the sender is now, nobody after forget-me,
        // with the reply's buttons in the same statement. The command's work is done by now: a reply
        // that cannot be kept (the database just went away) is still the true answer, where "nothing
        // was saved" would not be; it goes without the buttons that could not be stored. A repeat of
        // this delivery then finds its claim without a reply, and does not run it again.
        const kept = await (
          claim?.kind === 'first'
            ? recordReply(services, claim.id, forRepeats, buttons)
            : storeButtons(services.em, buttons)
        ).then(
          () => true,
          (error: unknown) => {
            deps.logger.warn({ err: error, platform: invocation.platform }, 'reply not kept');
            return false;
          },
        );
        return kept ? reply : withoutButtons(reply);
      } catch (error) {
        const unavailable = isDatabaseUnavailable(error);
        if (unavailable)
          deps.logger.warn({ err: error, platform: invocation.platform }, 'database unreachable');
        else deps.logger.error({ err: error, platform: invocation.platform }, 'chat invocation failed');
        if (claim?.kind === 'first') await releaseEvent(services, claim.id).catch(() => undefined);
        const text = unavailable
          ? "Stride can't reach its database right now, so nothing was saved; try again in a minute."
          : 'Something went wrong on my side. Please try again in a moment.';
        return { text, ephemeral: true };
      } finally {
        events.release();
      }
    },

    settled: () => afterReply.settled(),

    async complete(request) {
      try {
        return await completeNames(newContext(), request);
      } catch (error) {
        deps.logger.warn({ err: error, platform: request.platform }, 'autocomplete failed');
        return [];
      }
    },
  };
}

/** Discord's limit on autocomplete choices, and so everyone's. */
const MAX_COMPLETIONS = 25;

/** The member's live habit or goal names that fit the query; nobody is created by asking. */
async function completeNames(services: ServiceContext, request: CompletionRequest): Promise<string[]> {
  const identity = await services.em.findOne(
    Identity,
    {
      platform: request.platform,
      workspace: request.workspace,
      platformUserId: stripControl(request.user.id),
    },
    { fields: ['user'] },
  );
  if (!identity) return [];
  const names =
    request.kind === 'habit'
      ? (await listHabits(services, identity.user)).map((habit) => habit.name)
      : (await listGoals(services, identity.user)).map((goal) => goal.title);
  return rankNames(names, stripControl(request.query), MAX_COMPLETIONS);
}

type Tools = Pick<ChatCoreDependencies, 'charts' | 'coach'> & { outbox: Outbox; publicUrl: string };

/**
 * The reply, what repeats of its delivery get (the same, unless its command said otherwise), and
 * the reply's buttons, still to be stored.
 */
interface Answer {
  reply: Reply;
  forRepeats: Reply;
  buttons: NewButton[];
}

async function answer(
  invocation: Invocation,
  services: ServiceContext,
  tools: Tools,
  { user, created }: { user: User; created: boolean },
  habitsRead?: Habit[],
): Promise<Answer> {
  const line = await commandLine(invocation, services, user);
  if ('text' in line) return { reply: line, forRepeats: line, buttons: [] };
  const { draft, repeatReply } = await run(line, invocation, services, user, tools, habitsRead);
  // Whether the platform told the zone; its details were asked when the member was created, so
  // this answers from memory.
  const zoneGiven = async () =>
    Boolean(invocation.user.timezone ?? (await invocation.user.details?.())?.timezone);
  if (created && user.timezone === 'UTC' && !(await zoneGiven())) {
    const hint =
      '👋 Welcome to Stride! I set your time zone to UTC; set yours with `settings timezone Europe/Paris`.';
    draft.followUps = [...(draft.followUps ?? []), { text: hint, ephemeral: true }];
  }
  const { reply, buttons } = sendableReply(services, user, draft);
  return { reply, forRepeats: repeatReply ? { text: repeatReply, ephemeral: true } : reply, buttons };
}

/**
 * A command line to run. `fromButton` is set only for the command stored behind a pressed button,
 * never from anything typed: it is what lets a hidden command (a confirmation) run.
 */
interface CommandLine {
  line: string;
  fromButton: boolean;
}

/** The command line to run: typed, structured, or the one behind a pressed button (owners only). */
async function commandLine(
  invocation: Invocation,
  services: ServiceContext,
  user: User,
): Promise<CommandLine | Reply> {
  if (invocation.action) {
    const action = await findButton(services.em, invocation.action);
    const now = services.now();
    if (!action || action.expiresAt <= now)
      return { text: 'That button has expired. Type the command instead.', ephemeral: true };
    // A button without an owner was posted to a whole channel: anyone may press it, as themselves.
    if (action.owner && action.owner.id !== user.id)
      return { text: 'This button is not yours, so it did nothing.', ephemeral: true };
    if (action.singleUse && !(await claimButton(services.em, action.id, now))) {
      return { text: 'That button was already used.', ephemeral: true };
    }
    return { line: action.command, fromButton: true };
  }
  if (invocation.command) {
    const values = invocation.command.options;
    const found = findCommand(invocation.command.path);
    const words = (found?.command.options ?? []).flatMap((option) => {
      const value = values[option.name];
      if (value === undefined || value === '') return [];
      return [...(option.keyword ? [option.keyword] : []), ...tokenize(String(value))];
    });
    return {
      line: [...invocation.command.path, ...words.map((word) => quote([word]))].join(' '),
      fromButton: false,
    };
  }
  return { line: (invocation.text ?? '').trim().replace(/^\//, ''), fromButton: false };
}

/**
 * A drafted reply, with its command's stand-in for repeats (CommandDefinition.repeatReply), set
 * only when the command ran: a refusal or a usage message is kept as it is.
 */
interface Ran {
  draft: DraftReply;
  repeatReply?: string;
}

async function run(
  { line, fromButton }: CommandLine,
  invocation: Invocation,
  services: ServiceContext,
  user: User,
  tools: Tools,
  habitsRead?: Habit[],
): Promise<Ran> {
  // Only a stored button may run a hidden command (confirmations): typing one never does.
  const words = tokenize(line);
  if (words.length === 0)
    return { draft: { text: 'Hi! Type `help` to see what I can do.', ephemeral: true } };
  // Anything that is not a command is said to the coach, unless it looks like a mistyped command.
  const found =
    findCommand(words, fromButton) ??
    (looksLikeCommand(words) ? undefined : findCommand(['coach', ...words]));
  if (!found) return { draft: unknownCommand(words) };
  const { command, rest } = found;
  if (command.directOnly && invocation.channel.kind !== 'dm') {
    return {
      draft: {
        text: `\`${command.name}\` works only in a direct message with me, to keep it private.`,
        ephemeral: true,
      },
    };
  }
  const ctx: CommandContext = {
    services,
    member: user,
    invocation: await withLocaleForDates(invocation, line),
    today: todayFor(services, user),
    ...tools,
    habitsRead,
  };
  try {
    const args = command.args.parse(await command.parse(rest, ctx));
    return { draft: await command.run(args, ctx), repeatReply: command.repeatReply };
  } catch (error) {
    return { draft: explain(error, command, rest) };
  }
}

/**
 * A known failure as a short message, with the usage where the input was at fault. A question
 * (ChoiceError) comes with one button per answer, each running the command with its words
 * rewritten, so nothing is written until the member picks.
 */
function explain(error: unknown, command: AnyCommand, words: string[]): DraftReply {
  if (error instanceof ChoiceError) {
    return {
      text: error.message,
      ephemeral: true,
      actions: error.choices.map((choice) => ({
        label: choice.label.slice(0, 75),
        style: 'primary' as const,
        command: `${command.name} ${quote(choice.rewrite(words))}`,
      })),
    };
  }
  if (error instanceof UsageError || error instanceof ZodError) {
    const message = error instanceof ZodError ? zodMessage(error) : error.message;
    return { text: `${message}\n${usageOf(command)}`, ephemeral: true };
  }
  if (isAppError(error) && error.status < 500) return { text: error.message, ephemeral: true };
  throw error;
}

/** A short line whose first word is a command group or one letter off a command ("habbit list") is no chat. */
function looksLikeCommand(words: string[]): boolean {
  const first = words[0]!.toLowerCase();
  if (words.length > 4 || first.length < 4) return false;
  return COMMANDS.some(
    (command) => !command.hidden && editDistance(command.name.split(' ')[0]!, first, 1) <= 1,
  );
}

function unknownCommand(words: string[]): DraftReply {
  const first = words[0]!.toLowerCase();
  const group = COMMANDS.filter((command) => !command.hidden && command.name.split(' ')[0] === first);
  if (group.length) {
    return {
      text: `\`${first}\` needs more: ${group.map((command) => `\`${command.usage}\``).join(', ')}`,
      ephemeral: true,
    };
  }
  const names = [...new Set(COMMANDS.filter((c) => !c.hidden).map((command) => command.name.split(' ')[0]!))];
  const close = names.find((name) => editDistance(name, first, 2) <= 2);
  const hint = close ? ` Did you mean \`${close}\`?` : '';
  return {
    text: `I don't know \`${words[0]}\`.${hint} Type \`help\` for the list of commands.`,
    ephemeral: true,
  };
}
