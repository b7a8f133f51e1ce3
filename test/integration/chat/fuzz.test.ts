/** Hundreds of malformed and random inputs: none may crash the core or change any data. */
import fc from 'fast-check';
import { exportMember } from '../../../src/services/members.js';
import { Identity } from '../../../src/store/entities/index.js';
import { startTestChat, type TestChat } from '../../support/chat.js';

let chat: TestChat;

beforeAll(async () => {
  chat = await startTestChat({ now: '2026-11-20T12:00:00Z' });
  await chat.say('habit add Read daily 20 pages');
  await chat.say('habit add Run 3x/week');
  await chat.say('done read 10');
  await chat.say('goal add Books target 12 with read');
});
afterAll(() => chat.close());

async function snapshot() {
  const services = chat.services();
  const identity = await services.em.findOneOrFail(
    Identity,
    { platformUserId: 'ada' },
    { populate: ['user'] },
  );
  // Free text is a conversation with the coach, kept for audit: everything else must stay as it was.
  const { exportedAt: _at, coach: _coach, ...data } = await exportMember(services, identity.user);
  return data;
}

// No letters: such words can never name (or be mistaken for) one of the member's habits or goals.
const JUNK = [...'0123456789!@#$%^&*()[]{}<>?|~=+.,:;-\'"`\\'].concat(['∆', '√', 'ß', '漢', '字', '😀', ' ']);
const junkWord = fc
  .array(fc.constantFrom(...JUNK), { minLength: 1, maxLength: 12 })
  .map((chars) => chars.join(''));
// Not `settings daystart`: a junk word such as "6" or "6:00" is a valid hour there (the account tests
// cover its malformed input).
const prefixes = [
  '',
  'habit log',
  'habit undo',
  'habit edit',
  'habit pause',
  'habit resume',
  'habit archive',
  'habit delete',
  'done',
  'stats',
  'streak',
  'chart',
  'goal progress',
  'goal delete',
  'goal add',
  'settings timezone',
  'link',
  'help',
  'today 99',
  'habit list',
  'habit add',
  'habit delete-confirmed',
  'forget-me confirmed',
  '/',
  '//',
];

it('survives random junk after every command and changes nothing', async () => {
  const before = await snapshot();
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...prefixes),
      fc.array(junkWord, { maxLength: 6 }),
      async (prefix, words) => {
        // "habit add" with junk would be a valid name; it is checked separately below.
        const line = `${prefix} ${words.join(' ')}`;
        if (prefix === 'habit add' && words.length) return;
        const reply = await chat.say(line);
        expect(typeof reply.text).toBe('string');
        expect(reply.text.length).toBeGreaterThan(0);
        expect(reply.text).not.toMatch(/\n\s+at |Error:|undefined|NaN|\[object/);
      },
    ),
    { numRuns: 300 },
  );
  expect(await snapshot()).toEqual(before);
}, 120_000);

it('survives arbitrary unicode lines', async () => {
  const before = await snapshot();
  await fc.assert(
    fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 80 }), async (line) => {
      if (/^\s*\/?\s*(habit\s+add|done|habit\s+log|link|settings|goal\s+add|forget-me|token)/i.test(line))
        return;
      const reply = await chat.say(line);
      expect(reply.text.length).toBeGreaterThan(0);
    }),
    { numRuns: 200 },
  );
  expect(await snapshot()).toEqual(before);
}, 120_000);
