/**
 * The contract every platform adapter keeps, run by each adapter's contract.test.ts with a harness
 * for its platform: a typed command reaches the core and its answer comes back; a button works for
 * its owner only; a repeated delivery is answered once; a message the core starts itself (prepared
 * with prepareReply) goes out through the Messenger with working buttons; bad input gets a friendly
 * answer. A new adapter (Discord) writes a harness over its fake and calls describeAdapterContract.
 */
import { prepareReply } from '../../src/commands/outbound.js';
import type { Platform, Reply } from '../../src/ports/chat.js';
import type { ServiceContext } from '../../src/services/context.js';
import { resolveMember } from '../../src/services/identities.js';

/** A message as the member saw it on the platform: its text (markup removed) and its buttons. */
export interface SeenReply {
  text: string;
  buttons: { label: string; id: string }[];
  /** The platform's own message, which a press may need (Telegram echoes it back). */
  raw?: unknown;
}

/** How the contract drives one adapter through its platform's real SDK and fake server. */
export interface AdapterHarness {
  platform: Platform;
  /** Two members, by the platform's user ids: the one who talks, and someone else. */
  owner: string;
  stranger: string;
  /** The workspace the members' accounts belong to (Slack's team id); '' where there is none. */
  workspace?: string;
  /** The member types `text` (a command line) in their DM; resolves with the first message shown for it. */
  type(user: string, text: string): Promise<SeenReply>;
  /** The member presses a button of a message; resolves with what they are shown. */
  press(user: string, message: SeenReply, buttonId: string): Promise<SeenReply>;
  /**
   * The platform delivers the member's typed `text` twice, as it does on a retry; resolves with
   * how many answers the member was shown. Left out where the platform never redelivers (console).
   */
  redeliver?(user: string, text: string): Promise<number>;
  /** Sends through the adapter's Messenger to the member's DM; resolves with the message shown. */
  sendTo(user: string, reply: Reply): Promise<SeenReply>;
  /**
   * The platform delivers, for the member, a body that is no valid payload (signed or otherwise
   * authentic); resolves with the HTTP status the adapter answered. Left out where no such
   * delivery can arrive (the console reads lines, not payloads).
   */
  deliverMalformed?(user: string): Promise<number>;
  services(): ServiceContext;
  close(): Promise<void>;
}

/** Runs the contract against the adapter `start` builds afresh for each test. */
export function describeAdapterContract(name: string, start: () => Promise<AdapterHarness>): void {
  describe(`${name} keeps the adapter contract`, () => {
    let sut: AdapterHarness;

    beforeEach(async () => {
      sut = await start();
    });

    afterEach(async () => {
      await sut.close();
    });

    it('takes a typed command to the core and shows its answer', async () => {
      const added = await sut.type(sut.owner, 'habit add Read daily');
      expect(added.text).toContain('Added Read');
      expect((await sut.type(sut.owner, 'habit list')).text).toContain('Read');
    });

    it("runs a button for its owner only, and someone else's press does nothing", async () => {
      const added = await sut.type(sut.owner, 'habit add Read daily');
      const done = added.buttons.find((button) => button.label.startsWith('Done'));
      expect(done).toBeDefined();

      const strangers = await sut.press(sut.stranger, added, done!.id);
      expect(strangers.text).toContain('not yours');
      expect((await sut.type(sut.owner, 'streak read')).text).not.toMatch(/\b1 day/);

      const owners = await sut.press(sut.owner, added, done!.id);
      expect(owners.text).not.toContain('not yours');
      expect((await sut.type(sut.owner, 'streak read')).text).toMatch(/\b1 day/);
    });

    it('answers a repeated delivery once', async () => {
      if (!sut.redeliver) return expect(sut.platform).toBe('console'); // the terminal never redelivers
      await sut.type(sut.owner, 'habit add Read daily');
      expect(await sut.redeliver(sut.owner, 'done read')).toBe(1);
      expect((await sut.type(sut.owner, 'streak read')).text).toMatch(/\b1 day/);
    });

    it('sends a message the core starts through the Messenger, with buttons its member owns', async () => {
      await sut.type(sut.owner, 'habit add Read daily');
      const services = sut.services();
      const { user } = await resolveMember(services, {
        platform: sut.platform,
        workspace: sut.workspace ?? '',
        platformUserId: sut.owner,
      });
      const reminder = await prepareReply(services, user, {
        text: '⏰ Time for **Read**',
        actions: [{ label: 'Done Read', style: 'primary', command: 'done read' }],
      });

      const shown = await sut.sendTo(sut.owner, reminder);
      expect(shown.text).toContain('Time for Read');
      expect(shown.buttons).toEqual([{ label: 'Done Read', id: reminder.actions![0]!.id }]);

      expect((await sut.press(sut.stranger, shown, shown.buttons[0]!.id)).text).toContain('not yours');
      expect((await sut.press(sut.owner, shown, shown.buttons[0]!.id)).text).not.toContain('not yours');
      expect((await sut.type(sut.owner, 'streak read')).text).toMatch(/\b1 day/);
    });

    it('answers bad input with a friendly message and keeps working', async () => {
      // A broken delivery is refused (a 4xx), never a crash or a 500 that makes the platform retry.
      if (sut.deliverMalformed) expect(await sut.deliverMalformed(sut.owner)).toBeLessThan(500);
      const missing = await sut.type(sut.owner, 'habit log');
      expect(missing.text).toMatch(/habit log <habit>/);
      expect((await sut.type(sut.owner, 'habit frobnicate')).text).toMatch(/`?habit`? needs more|habit add/);
      expect((await sut.type(sut.owner, 'help')).text).toContain('habit');
    });
  });
}
