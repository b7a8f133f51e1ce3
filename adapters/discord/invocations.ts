/**
 * Discord interactions and direct messages as Invocations for the chat core. Discord user ids are
 * global, so the workspace is always '': a person is one member in every server and in their DM
 * with the bot (a token asked for in the DM shows the habits made in a server).
 */
import {
  PermissionFlagsBits,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Message,
  type User,
} from 'discord.js';
import type { ChatUser, Invocation } from '../../src/ports/chat.js';
import { discordInvocationCommand } from './commands.js';

/** The member as the core knows them; Discord tells the client's language, never the time zone. */
export function chatUser(user: User, locale?: string): ChatUser {
  const displayName = user.globalName ?? user.username;
  return {
    id: user.id,
    ...(displayName ? { displayName } : {}),
    ...(locale ? { locale } : {}),
  };
}

type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction;

/** Who, where and which delivery, for a slash command or a button press. */
function interactionBase(interaction: AnsweredInteraction, receivedAt: Date): Invocation {
  const inGuild = interaction.inGuild();
  const channel = interaction.channel;
  const name = inGuild && channel && 'name' in channel && channel.name ? channel.name : undefined;
  return {
    platform: 'discord',
    workspace: '',
    // A DM interaction's channel is the member's DM channel: the core remembers it for reaching them.
    channel: {
      id: interaction.channelId ?? interaction.user.id,
      kind: inGuild ? 'group' : 'dm',
      ...(name ? { name } : {}),
    },
    user: chatUser(interaction.user, interaction.locale),
    // An interaction id is Discord's id for this delivery: a gateway replay repeats it.
    eventId: interaction.id,
    receivedAt,
    // Manage Server, as the interaction carries it: no API call. Nobody administers a DM.
    isChannelAdmin: () =>
      Promise.resolve(
        inGuild && (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false),
      ),
  };
}

/** A slash command with its options, as the core's structured command. */
export function commandInvocation(interaction: ChatInputCommandInteraction, receivedAt: Date): Invocation {
  return {
    ...interactionBase(interaction, receivedAt),
    command: discordInvocationCommand(
      interaction.commandName,
      interaction.options.getSubcommand(false),
      interaction.options.data,
    ),
  };
}

/** A pressed button: its custom_id is the ReplyAction's id, which the core runs for its owner only. */
export function buttonInvocation(interaction: ButtonInteraction, receivedAt: Date): Invocation {
  return { ...interactionBase(interaction, receivedAt), action: interaction.customId };
}

/** What the member wrote in their DM with the bot: commands or plain words (the coach). */
export function messageInvocation(message: Message, receivedAt: Date): Invocation {
  return {
    platform: 'discord',
    workspace: '',
    channel: { id: message.channelId, kind: 'dm' },
    user: chatUser(message.author),
    text: message.content.trim(),
    eventId: message.id,
    receivedAt,
  };
}
