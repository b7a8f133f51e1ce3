/**
 * Port: the chat core's platform-neutral language (DESIGN.md section 2). Adapters turn a
 * platform's payload into an Invocation and render the Reply back. Nothing here knows any
 * platform SDK. The ports the core owns all live in src/ports: this one, and platform.ts (the
 * adapter and its Messenger).
 */
/** `api`: the REST API's POST /chat, where the member is the API token's owner. */
export type Platform = 'console' | 'slack' | 'discord' | 'telegram' | 'api';

/** Someone talking to Stride, as the platform knows them. */
export interface ChatUser {
  /** The platform's own id of the person (Slack U…, Discord snowflake, Telegram number). */
  id: string;
  displayName?: string;
  /** BCP 47, when the platform tells (e.g. Telegram's language_code). */
  locale?: string;
  /** IANA zone, when the platform tells (e.g. Slack's users.info tz). */
  timezone?: string;
  /**
   * What the platform tells of the person only when asked (Slack's users.info), where the fields
   * above are what it knew already: the core asks when it creates the member, and for the locale
   * when a line holds a numeric date, so no other command of a known member waits for it.
   */
  details?: () => Promise<Pick<ChatUser, 'displayName' | 'locale' | 'timezone'>>;
}

export interface Invocation {
  platform: Platform;
  /** Slack team, Discord guild; '' where the platform has none (Telegram, console). */
  workspace: string;
  /** `name`: the channel's name when the platform tells it (a group is then called by it). */
  channel: { id: string; kind: 'dm' | 'group'; name?: string };
  user: ChatUser;
  /** What was typed, e.g. `habit log run yesterday`; the leading slash is optional. */
  text?: string;
  /** Structured input (Discord options): the command's path and its named options. */
  command?: { path: string[]; options: Record<string, string | number | boolean | undefined> };
  /** The id of a pressed button (see ReplyAction.id). */
  action?: string;
  /** The platform's id for this delivery (Slack event id, Telegram update_id): a retry repeats it. */
  eventId?: string;
  receivedAt: Date;
  /**
   * Whether the person may administer this channel as a Stride group: Discord's Manage Server
   * permission from the interaction, a Slack workspace admin or owner, a Telegram chat
   * administrator. Asked only by the commands that need it (an API call on some platforms);
   * absent means no.
   */
  isChannelAdmin?: () => Promise<boolean>;
}

/** What a platform with autocomplete (Discord) asks for while the member types an option. */
export interface CompletionRequest {
  platform: Platform;
  workspace: string;
  user: ChatUser;
  /** Which of the member's names to offer. */
  kind: 'habit' | 'goal';
  /** What has been typed so far. */
  query: string;
}

export type ActionStyle = 'primary' | 'danger' | 'default';

/** A button on a reply; pressing it runs its command for the member it was shown to. */
export interface ReplyAction {
  id: string;
  label: string;
  style: ActionStyle;
}

/**
 * What Stride answers. `text` uses a small markdown subset every adapter renders: **bold**,
 * _italic_, `code`, lines starting with "- " as lists, and [label](https://…) links.
 */
export interface Reply {
  text: string;
  image?: { png: Buffer; alt: string };
  /** A file to hand over (e.g. the export). */
  file?: { filename: string; mimeType: string; content: string };
  actions?: ReplyAction[];
  /** Only the person who asked should see it (where the platform can do that). */
  ephemeral?: boolean;
  /** Further messages to send after this one. */
  followUps?: Reply[];
  /**
   * Set when this delivery (its eventId) was answered before: the reply is the first one again,
   * and an adapter that already sent it (perhaps from another process) should not send it twice.
   */
  repeat?: boolean;
}

/** A reply as a handler drafts it: buttons name the command they run, not yet an id. */
export interface DraftReply extends Omit<Reply, 'actions' | 'followUps'> {
  actions?: { label: string; style?: ActionStyle; command: string }[];
  followUps?: DraftReply[];
}

/** The chat core as adapters see it. */
export interface ChatCore {
  /** Answers one invocation. Never throws: every failure becomes a friendly reply. */
  handle(invocation: Invocation): Promise<Reply>;
  /**
   * The member's own habit or goal names that fit what was typed, best first, at most 25; none for
   * someone Stride does not know yet (asking never creates a member). Never throws.
   */
  complete(request: CompletionRequest): Promise<string[]>;
}
