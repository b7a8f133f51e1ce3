/**
 * The workspace, app and bot the fake pretends to be, and the id/timestamp generators that keep
 * every id it hands out unique within one test run.
 */

/** Who the fake says the token belongs to (auth.test) and which app Socket Mode connects to. */
export interface FakeSlackIdentity {
  teamId: string;
  teamName: string;
  teamDomain: string;
  /** The bot's user id: Bolt's ignoreSelf middleware compares events' `user` with it. */
  botUserId: string;
  botUserName: string;
  botId: string;
  appId: string;
}

export const DEFAULT_IDENTITY: FakeSlackIdentity = {
  teamId: 'T0STRIDE1',
  teamName: 'Stride Test',
  teamDomain: 'stride-test',
  botUserId: 'U0STRIDEBOT',
  botUserName: 'stride',
  botId: 'B0STRIDE1',
  appId: 'A0STRIDE1',
};

// Module-wide so that two fakes (or a fake and a payload builder) never reuse an id or a ts.
let sequence = 0;

/** A Slack-looking id: a type letter and upper-case base-36 digits, e.g. `F00000A1`. */
export function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}${sequence.toString(36).toUpperCase().padStart(8, '0')}`;
}

/**
 * A message timestamp as Slack writes it: seconds, a dot, six digits. Slack's ts values are unique
 * per channel and increase; the counter in the fraction keeps that true within one second.
 */
export function nextTs(nowMs = Date.now()): string {
  sequence += 1;
  return `${Math.floor(nowMs / 1000)}.${String(sequence % 1_000_000).padStart(6, '0')}`;
}

/** The DM channel the fake pairs with a user: `U123` ↔ `D123`, so tests can predict it. */
export function dmChannelFor(userId: string): string {
  return `D${userId.slice(1)}`;
}
