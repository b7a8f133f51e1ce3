/**
 * Celebrations: a streak milestone or a completed goal, from whatever path wrote the log (a chat
 * command, an import through the API's service, an outbound message's Done button), becomes one
 * message in the outbox, held through quiet hours, and reaches the member's platform.
 */
import { addDays } from '../../../src/domain/dates.js';
import { subscribeCelebrations } from '../../../src/services/celebrations.js';
import { createGoal } from '../../../src/services/goals.js';
import { importLogs } from '../../../src/services/log-habit.js';
import type { Habit, User } from '../../../src/store/entities/index.js';
import { buildHabit, buildLog } from '../../support/builders.js';
import { NOW, startOutboxHarness, type OutboxHarness } from '../../support/outbox.js';

const TODAY = '2026-11-20';
let sut: OutboxHarness;
let seq = 7600;

beforeAll(async () => {
  sut = await startOutboxHarness();
  const services = sut.services();
  subscribeCelebrations({ events: services.events, services: () => sut.services(), outbox: sut.outbox });
});
afterAll(() => sut.close());

/** A Telegram member with a daily habit done on the six days before today. */
async function memberOnAStreak(name: string): Promise<{ chat: string; member: User; habit: Habit }> {
  const chat = String(++seq);
  const member = await sut.member('telegram', chat, { privateChannel: chat });
  const habit = await buildHabit(sut.services(), member, { name, startDate: addDays(TODAY, -10) });
  for (let day = 6; day >= 1; day--) await buildLog(sut.services(), habit, { date: addDays(TODAY, -day) });
  return { chat, member, habit };
}

const milestoneKey = (habit: Habit) => `milestone:${habit.id}:7:${TODAY}`;
const sendsTo = (chat: string) =>
  sut.telegram.callsTo('sendMessage').filter((call) => String(call.params.chat_id) === chat);

it('celebrates a milestone reached by a chat command, and delivers it once', async () => {
  const { chat, habit } = await memberOnAStreak('Read');
  await sut.core.handle({
    platform: 'telegram',
    workspace: '',
    channel: { id: chat, kind: 'dm' },
    user: { id: chat },
    text: 'habit log Read',
    receivedAt: NOW,
  });
  expect(await sut.row(milestoneKey(habit))).toMatchObject({ kind: 'milestone', status: 'queued' });
  await sut.deliver();
  await sut.deliver();
  const sends = sendsTo(chat).filter((call) => String(call.params.text).includes('in a row'));
  expect(sends).toHaveLength(1);
  expect(sends[0]!.params.text).toMatch(/Read.*7 days in a row — a milestone/);
});

it('celebrates a milestone reached by an import', async () => {
  const { member, habit } = await memberOnAStreak('Walk');
  await importLogs(sut.services(), member, habit.id, { logs: [{ date: TODAY, status: 'done' }] });
  expect(await sut.row(milestoneKey(habit))).toMatchObject({ kind: 'milestone' });
});

it('celebrates a milestone and a goal reached by pressing an outbound Done button', async () => {
  const { chat, member, habit } = await memberOnAStreak('Stretch');
  const goal = await createGoal(sut.services(), member, {
    title: 'Stretch seven times',
    target: 7,
    startDate: addDays(TODAY, -10),
    habits: [habit.id],
  });
  await sut.enqueue(member.id, `test:${chat}`, {
    text: 'Stretch?',
    actions: [{ label: '✓ Stretch', command: 'habit log Stretch today done' }],
  });
  await sut.deliver();
  const [sent] = sendsTo(chat);
  const markup = sent!.params.reply_markup as { inline_keyboard: { callback_data: string }[][] };
  await sut.press('telegram', chat, markup.inline_keyboard.flat()[0]!.callback_data);
  expect(await sut.row(milestoneKey(habit))).toMatchObject({ kind: 'milestone' });
  const goalRow = await sut.row(`goal:${goal.id}`);
  expect(goalRow).toMatchObject({ kind: 'goal' });
  const [stored] = await sut.sql<{ reply: { text: string } }>(`select reply from outbox where id = ?`, [
    goalRow.id,
  ]);
  expect(stored!.reply.text).toMatch(/Goal reached: \*\*Stretch seven times\*\*/);
});

it('holds a celebration during quiet hours until they end', async () => {
  const { member, habit } = await memberOnAStreak('Swim');
  // 11:00-13:00 UTC: NOW, noon, is quiet.
  await sut.sql(`update users set quiet_start_minute = 660, quiet_end_minute = 780 where id = ?`, [
    member.id,
  ]);
  const fresh = await sut.services().em.findOneOrFail('User', { id: member.id });
  await importLogs(sut.services(), fresh as User, habit.id, { logs: [{ date: TODAY, status: 'done' }] });
  expect((await sut.row(milestoneKey(habit))).next_attempt_at).toEqual(new Date('2026-11-20T13:00:00Z'));
});
