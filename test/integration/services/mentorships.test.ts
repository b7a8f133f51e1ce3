/**
 * The mentorship service on a real database: a mentor reaches only their active mentees (404 for
 * anyone else, a pending request included), and nudges go through the outbox with Done/Skip
 * buttons, at most NUDGES_PER_DAY a day per mentee in the mentee's own day.
 */
import { InProcessEventBus } from '../../../src/events/in-process.js';
import type { StrideEvent } from '../../../src/events/types.js';
import type { ServiceContext } from '../../../src/services/context.js';
import {
  activeMenteesOf,
  activeMentorsOf,
  menteeOf,
  NUDGES_PER_DAY,
  sendMentorNudge,
} from '../../../src/services/mentorships.js';
import { Outbox } from '../../../src/services/outbox.js';
import { Mentorship, MentorNudge, OutboxMessage, User } from '../../../src/store/entities/index.js';
import { buildHabit, buildLog, buildMember } from '../../support/builders.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;
let now = new Date('2026-11-20T12:00:00Z');
const bus = new InProcessEventBus();
const published: StrideEvent[] = [];
bus.subscribe('nudge_sent', (event) => void published.push(event));
const services = (): ServiceContext => ({
  em: database.orm.em.fork(),
  events: bus,
  now: () => new Date(now),
});

beforeEach(async () => {
  database = await createTestDatabase();
  now = new Date('2026-11-20T12:00:00Z');
  published.length = 0;
});
afterEach(() => database.drop());

async function link(mentor: User, mentee: User, status: 'active' | 'pending' = 'active'): Promise<void> {
  const ctx = services();
  ctx.em.create(Mentorship, {
    mentor: ctx.em.getReference(User, mentor.id),
    mentee: ctx.em.getReference(User, mentee.id),
    status,
  });
  await ctx.em.flush();
}

describe('menteeOf', () => {
  it("answers a mentor's active mentee and 404s for anyone else, with the same words", async () => {
    const sam = await buildMember(services(), { name: 'Sam' });
    const ada = await buildMember(services(), { name: 'Ada' });
    const bob = await buildMember(services(), { name: 'Bob' });
    const cy = await buildMember(services(), { name: 'Cy' });
    await link(sam, ada);
    await link(sam, bob, 'pending');
    await link(cy, sam);

    expect((await menteeOf(services(), sam, ada.id)).name).toBe('Ada');
    for (const id of [bob.id, cy.id, sam.id, 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
      await expect(menteeOf(services(), sam, id)).rejects.toMatchObject({
        status: 404,
        message: 'Mentee not found.',
      });
    }
    // The other direction is not access either: a mentee cannot read their mentor.
    await expect(menteeOf(services(), ada, sam.id)).rejects.toMatchObject({ status: 404 });
    expect((await activeMenteesOf(services(), sam)).map((u) => u.name)).toEqual(['Ada']);
    expect((await activeMentorsOf(services(), ada)).map((u) => u.name)).toEqual(['Sam']);
    expect(await activeMentorsOf(services(), bob)).toEqual([]);
  });
});

describe('sendMentorNudge', () => {
  it("enqueues one message to the mentee with buttons for today's to-dos, and publishes nudge_sent", async () => {
    const sam = await buildMember(services(), { name: 'Sam' });
    const ada = await buildMember(services(), { name: 'Ada' });
    const run = await buildHabit(services(), ada, { name: 'Run' });
    const read = await buildHabit(services(), ada, { name: 'Read' });
    await buildLog(services(), read);
    await link(sam, ada);

    const sent = await sendMentorNudge(services(), new Outbox(), sam, ada, '  you got this  ');
    expect(sent.remaining).toBe(NUDGES_PER_DAY - 1);
    const rows = await services().em.find(OutboxMessage, {});
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.user?.id).toBe(ada.id);
    expect(row!.kind).toBe('mentor_nudge');
    expect(row!.dedupeKey).toBe(`mentor-nudge:${sent.nudge.id}`);
    expect(row!.reply.text).toContain('**Sam** checked in: you got this');
    expect(row!.reply.text).toContain('Run');
    // Only what is still due: Read is done. No snooze from a mentor's nudge.
    expect(row!.reply.actions?.map((a) => a.label)).toEqual(['✓ Run', 'Skip Run']);
    expect(row!.reply.actions?.every((a) => !a.command.includes('snooze'))).toBe(true);
    expect(row!.reply.actions?.[0]!.command).toBe(`reminder log-done ${run.id} 2026-11-20`);
    expect(published).toEqual([{ type: 'nudge_sent', userId: ada.id, mentorId: sam.id }]);
    const stored = await services().em.find(MentorNudge, {});
    expect(stored.map((n) => [n.date, n.message])).toEqual([['2026-11-20', 'you got this']]);
  });

  it("refuses a fourth nudge in the mentee's day (429), from any mentor, and allows it the next day", async () => {
    const sam = await buildMember(services(), { name: 'Sam' });
    const kim = await buildMember(services(), { name: 'Kim' });
    const ada = await buildMember(services(), { name: 'Ada', timezone: 'Asia/Tokyo' });
    await link(sam, ada);
    await link(kim, ada);
    const outbox = new Outbox();
    await sendMentorNudge(services(), outbox, sam, ada);
    await sendMentorNudge(services(), outbox, kim, ada);
    expect((await sendMentorNudge(services(), outbox, sam, ada)).remaining).toBe(0);
    await expect(sendMentorNudge(services(), outbox, kim, ada)).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining('3 nudges today already'),
    });
    expect(await services().em.count(MentorNudge, {})).toBe(3);
    expect(await services().em.count(OutboxMessage, {})).toBe(3);
    expect(published).toHaveLength(3);

    // 15:00 UTC is midnight in Tokyo: a new day for Ada.
    now = new Date('2026-11-20T15:00:00Z');
    const next = await sendMentorNudge(services(), outbox, kim, ada);
    expect(next.nudge.date).toBe('2026-11-21');
    expect(next.remaining).toBe(2);
  });
});
