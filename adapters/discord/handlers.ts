/**
 * What the bot does with what the gateway delivers: slash commands and buttons answered within
 * Discord's 3-second deadline (deferred first when the core is slow, the reply edited in after),
 * autocomplete answered with the member's own names, and direct messages in plain words to the core.
 * Every delivery is taken once (a gateway replay repeats its id) and tracked until done for stop().
 */
import {
  Events,
  MessageFlags,
  MessageType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Interaction,
  type InteractionReplyOptions,
  type Message,
} from 'discord.js';
import type { ChatCore, Invocation, Reply } from '../../src/ports/chat.js';
import type { Logger } from '../../src/logger.js';
import type { DeliveryClaims } from '../../src/ports/platform.js';
import { InFlight } from '../shared/in-flight.js';
import { SerialByKey } from '../shared/serial.js';
import { settleWithin } from '../shared/timeouts.js';
import { completionKind } from './commands.js';
import { describeError } from './delivery-errors.js';
import { buttonInvocation, chatUser, commandInvocation, messageInvocation } from './invocations.js';
import type { DiscordOutbound } from './outbound.js';
import { renderReply, type DiscordMessage } from './render.js';
import { SHARE_OPTION } from '../../src/manifest/discord.js';

export interface HandlerDependencies {
  core: ChatCore;
  outbound: DiscordOutbound;
  logger: Logger;
  now: () => Date;
  /** An interaction the core has not answered within this many ms is deferred (Discord allows 3 s). */
  deferAfterMs: number;
  /** How long autocomplete waits for the member's names before offering none. */
  completeWithinMs: number;
  /** The interaction and message ids taken already (DELIVERIES says how many, how long). */
  deliveries: DeliveryClaims;
}

export interface Handlers {
  /** Takes no new deliveries from now on. */
  close(): void;
  /** Waits for the deliveries still being answered. */
  settle(): Promise<void>;
}

/** Interaction and message ids to remember; the gateway replays only recent events. */
export const DELIVERIES = { capacity: 20_000, rememberMs: 60 * 60 * 1000 };
/** Discord's limits on autocomplete: 25 choices, 100 characters each. */
const MAX_CHOICES = 25;
const CHOICE_LENGTH = 100;
/** Member and message types that are someone writing to Stride (not a pin, a call, a join…). */
const WRITTEN = new Set([MessageType.Default, MessageType.Reply]);

type Answered = ChatInputCommandInteraction | ButtonInteraction;

/** Listens on the client; the returned handle stops taking deliveries and waits for those in hand. */
export function registerHandlers(client: Client, deps: HandlerDependencies): Handlers {
  const inFlight = new InFlight();
  const inOrder = new SerialByKey();
  let open = true;

  /** Runs `work` unless `id` was taken already; after the work of the same `order` key, if any. */
  const take = (id: string, work: () => Promise<void>, what: string, order?: string) => {
    if (!open) return;
    const claimed = async () => {
      if (await deps.deliveries.claim(id)) await work();
    };
    // The claim waits its turn too, so an asynchronous (Redis) claim cannot reorder a DM's messages.
    inFlight
      .run(order === undefined ? claimed : () => inOrder.run(order, claimed))
      .catch((error: unknown) => {
        deps.logger.error({ err: describeError(error), id }, `discord ${what} not answered`);
      });
  };

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (interaction.isAutocomplete()) {
      take(interaction.id, () => complete(deps, interaction), 'autocomplete');
    } else if (interaction.isChatInputCommand()) {
      const invocation = commandInvocation(interaction, deps.now());
      const shared = interaction.options.getBoolean(SHARE_OPTION.name) ?? false;
      take(interaction.id, () => answer(deps, interaction, invocation, shared), 'command');
    } else if (interaction.isButton()) {
      const invocation = buttonInvocation(interaction, deps.now());
      take(interaction.id, () => answer(deps, interaction, invocation, false), 'button');
    }
  });

  client.on(Events.MessageCreate, (message: Message) => {
    // In servers Stride is spoken to with slash commands (and reads no message content there).
    if (message.author.bot || message.inGuild() || !WRITTEN.has(message.type)) return;
    if (message.content.trim() === '') return;
    const invocation = messageInvocation(message, deps.now());
    take(
      message.id,
      () => answerMessage(deps, message.channelId, invocation),
      'direct message',
      message.channelId,
    );
  });

  return {
    close() {
      open = false;
    },
    settle: () => inFlight.drain(),
  };
}

/**
 * Answers a slash command or a button press. In a server the answer is private unless the member
 * asked to share it (`share:True`, as Slack's trailing `share`), and what the core marks personal
 * (Reply.ephemeral) stays private even then; a DM is private anyway. A quick answer is the
 * interaction's reply; a slow one (the coach, a chart) is deferred at `deferAfterMs`, well inside
 * the 3-second deadline, with that same visibility, and the reply edited in when it comes.
 */
async function answer(
  deps: HandlerDependencies,
  interaction: Answered,
  invocation: Invocation,
  shared: boolean,
): Promise<void> {
  const privately = interaction.inGuild() && !shared;
  const withVisibility = (reply: Reply) =>
    messagesOf(reply).map((message) => ({ ...message, ephemeral: message.ephemeral || privately }));
  const pending = deps.core.handle(invocation);
  const quick = await settleWithin(pending, deps.deferAfterMs, undefined);
  if (quick) {
    if (quick.repeat) return; // answered already: the gateway replayed the interaction
    const [first, ...rest] = withVisibility(quick);
    await interaction.reply(replyOptions(first!));
    for (const message of rest) await interaction.followUp(replyOptions(message));
    return;
  }
  await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
  const reply = await pending;
  if (reply.repeat) {
    await interaction.deleteReply();
    return;
  }
  // A shared deferral whose answer turns out personal: the public placeholder goes, the answer
  // comes privately.
  const [first, ...rest] = withVisibility(reply);
  if (first!.ephemeral && !privately) {
    await interaction.deleteReply();
    for (const message of [first!, ...rest]) await interaction.followUp(replyOptions(message));
    return;
  }
  await interaction.editReply(editOptions(first!));
  for (const message of rest) await interaction.followUp(replyOptions(message));
}

/** The member's habit or goal names for the option being typed, or none when the core is slow. */
async function complete(deps: HandlerDependencies, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const path = [interaction.commandName, interaction.options.getSubcommand(false)].filter(
    (word): word is string => Boolean(word),
  );
  const kind = completionKind(path, focused.name);
  const names = kind
    ? await settleWithin(
        deps.core.complete({
          platform: 'discord',
          workspace: '',
          user: chatUser(interaction.user, interaction.locale),
          kind,
          query: String(focused.value),
        }),
        deps.completeWithinMs,
        [] as string[],
      )
    : [];
  const choices = names
    .slice(0, MAX_CHOICES)
    .map((name) => name.slice(0, CHOICE_LENGTH))
    .map((name) => ({ name, value: name }));
  await interaction.respond(choices);
}

/** A direct message's answer, posted in the DM (no deadline there: nothing to defer). */
async function answerMessage(
  deps: HandlerDependencies,
  channelId: string,
  invocation: Invocation,
): Promise<void> {
  const reply = await deps.core.handle(invocation);
  if (reply.repeat) return;
  await deps.outbound.post(channelId, reply);
}

/** A reply's messages; never none, since an interaction must be answered with something. */
function messagesOf(reply: Reply): DiscordMessage[] {
  const messages = renderReply(reply);
  return messages.length > 0 ? messages : renderReply({ text: '…', ephemeral: reply.ephemeral ?? false });
}

/** No message of Stride's ever pings anyone: a habit called "@everyone" is only text. */
const NO_MENTIONS = { parse: [] };

function editOptions(message: DiscordMessage) {
  return {
    embeds: message.embeds,
    components: message.components,
    files: message.files.map((file) => ({
      attachment: file.data,
      name: file.name,
      ...(file.description ? { description: file.description } : {}),
    })),
    allowedMentions: NO_MENTIONS,
  };
}

function replyOptions(message: DiscordMessage): InteractionReplyOptions {
  return { ...editOptions(message), ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
}
