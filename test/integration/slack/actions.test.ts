/**
 * Buttons: block_actions payloads as Slack posts them (`payload=` form, signed), pressed by their
 * owner, by someone else, twice, and from the App Home.
 */
import { buttonsOf, sectionText, startSlackHarness, TODAY, type SlackHarness } from '../../support/slack.js';

const ALICE = { user_id: 'U0ALICE', user_name: 'alice' };
const BOB = { user_id: 'U0BOB', user_name: 'bob' };

describe('Slack buttons', () => {
  let sut: SlackHarness;

  /** Adds a habit as Alice and returns the "Done today" button of the answer. */
  async function doneButton(habit: string) {
    const answer = await sut.command({ ...ALICE, command: '/habit', text: `add ${habit} daily` });
    const button = buttonsOf(answer.body).find((candidate) => candidate.label === 'Done today');
    if (!button) throw new Error(`no Done button in ${JSON.stringify(answer.body)}`);
    return button;
  }

  beforeAll(async () => {
    sut = await startSlackHarness();
  });

  afterAll(async () => {
    await sut.close();
  });

  afterEach(() => {
    expect(sut.fake.unexpectedCalls).toEqual([]);
  });

  it('logs when its owner presses it, and answers privately in a new message', async () => {
    const button = await doneButton('Run');

    const click = await sut.click({
      ...ALICE,
      action_id: button.actionId,
      value: button.value,
      responseId: 'owner',
    });

    expect(click).toEqual({ status: 200, body: '' });
    const response = await sut.fake.waitForResponse('owner');
    expect(response).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(sectionText(response)).toContain('*Run*');
    expect(sut.lastDelivered()).toMatchObject({ user: { id: 'U0ALICE' }, action: button.value });
    expect(await sut.logsOf('U0ALICE', 'Run')).toEqual([
      expect.objectContaining({ date: TODAY, status: 'done' }),
    ]);
  });

  it('answers someone else "not yours", privately, and changes nothing', async () => {
    const button = await doneButton('Read');

    await sut.click({ ...BOB, action_id: button.actionId, value: button.value, responseId: 'stranger' });

    const response = await sut.fake.waitForResponse('stranger');
    expect(response).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(response.text).toMatch(/not yours/);
    expect(await sut.logsOf('U0ALICE', 'Read')).toEqual([]);
  });

  it('runs a retried delivery (same trigger_id, X-Slack-Retry-Num) once', async () => {
    const button = await doneButton('Write');
    const click = {
      ...ALICE,
      action_id: button.actionId,
      value: button.value,
      trigger_id: 'click.1.x',
      responseId: 'retried',
    };

    const first = await sut.click(click);
    const retry = await sut.click(click, { retryNum: 1 });
    await sut.fake.waitForResponse('retried');

    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(sut.invocations.filter((invocation) => invocation.eventId === 'action:click.1.x')).toHaveLength(1);
    expect(sut.fake.responses('retried')).toHaveLength(1);
    expect(await sut.logsOf('U0ALICE', 'Write')).toHaveLength(1);
  });

  it('keeps one log for a double click (two deliveries of one button)', async () => {
    const button = await doneButton('Swim');
    const click = { ...ALICE, action_id: button.actionId, value: button.value };

    await Promise.all([
      sut.click({ ...click, responseId: 'double-1' }),
      sut.click({ ...click, responseId: 'double-2' }),
    ]);
    await sut.fake.waitForResponse('double-1');
    await sut.fake.waitForResponse('double-2');

    expect(await sut.logsOf('U0ALICE', 'Swim')).toEqual([
      expect.objectContaining({ date: TODAY, status: 'done' }),
    ]);
  });

  it('undoes a log with the Undo button of the answer', async () => {
    const done = await sut.command({ ...ALICE, command: '/done', text: 'run' });
    const undo = buttonsOf(done.body).find((button) => button.label === 'Undo')!;

    await sut.click({ ...ALICE, action_id: undo.actionId, value: undo.value, responseId: 'undo' });

    expect(sectionText(await sut.fake.waitForResponse('undo'))).toContain('Removed the log of *Run*');
    expect(await sut.logsOf('U0ALICE', 'Run')).toEqual([]);
  });

  it('answers in the DM as a normal message, which stays in its history', async () => {
    const button = await doneButton('Cook');

    await sut.click({
      ...ALICE,
      action_id: button.actionId,
      value: button.value,
      channel_id: 'D0ALICE',
      channel_name: 'directmessage',
      responseId: 'dm',
    });

    expect(await sut.fake.waitForResponse('dm')).toMatchObject({
      response_type: 'in_channel',
      replace_original: false,
    });
    expect(sut.lastDelivered().channel).toEqual({ id: 'D0ALICE', kind: 'dm' });
  });

  it('shows the result of a Home tab button at the top of the republished Home', async () => {
    const button = await doneButton('Stretch');

    const click = await sut.click({
      ...ALICE,
      action_id: button.actionId,
      value: button.value,
      view: { id: 'V0HOME1', type: 'home' },
    });

    expect(click.status).toBe(200);
    const published = await sut.fake.waitForCall(
      'views.publish',
      (call) => call.body.view.blocks[0]?.type === 'context',
    );
    expect(published.body.user_id).toBe('U0ALICE');
    expect(published.body.view.blocks[0].elements[0].text).toContain('*Stretch*');
    expect(await sut.logsOf('U0ALICE', 'Stretch')).toHaveLength(1);
  });

  it('leaves buttons that are not Stride’s unacknowledged, and runs nothing', async () => {
    const before = sut.invocations.length;

    const click = await sut.click({ ...ALICE, action_id: 'someone_elses_app', value: 'x' });

    expect(click.status).toBe(404);
    expect(sut.invocations).toHaveLength(before);
  });
});
