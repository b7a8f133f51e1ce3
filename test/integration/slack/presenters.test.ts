/**
 * Replies as Block Kit: the markdown subset as mrkdwn, Slack's size limits, and the App Home. Pure
 * functions, no server (they sit here with the other Slack tests).
 */
import { actionBlocks, replyMessage, textBlocks } from '../../../adapters/slack/render.js';
import { homeView } from '../../../adapters/slack/presenters/home.js';
import { escapeSlack, toMrkdwn, toPlainText } from '../../../adapters/slack/presenters/mrkdwn.js';
import type { ReplyAction } from '../../../src/ports/chat.js';

describe('Slack presenters', () => {
  describe('mrkdwn', () => {
    it('turns the markdown subset into Slack mrkdwn', () => {
      expect(
        toMrkdwn('**Run** _5 km_ with `done run`\n- one\n- two\nSee [the plan](https://x.example/p?a=1&b=2)'),
      ).toBe('*Run* _5 km_ with `done run`\n• one\n• two\nSee <https://x.example/p?a=1&amp;b=2|the plan>');
    });

    it('escapes &, < and > everywhere, and leaves code spans alone otherwise', () => {
      expect(escapeSlack('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
      expect(toMrkdwn('<@U0EVERYONE> & <!channel>')).toBe('&lt;@U0EVERYONE&gt; &amp; &lt;!channel&gt;');
      expect(toMrkdwn('`**not bold** <x>`')).toBe('`**not bold** &lt;x&gt;`');
      expect(toMrkdwn('**`habit add`** then')).toBe('*`habit add`* then');
    });

    it('keeps a link from being cut by a "|" in its URL', () => {
      expect(toMrkdwn('[a](https://x.example/?q=a|b)')).toBe('<https://x.example/?q=a%7Cb|a>');
    });

    it('gives a plain text fallback without markers', () => {
      expect(toPlainText('**Run**: _easy_ `done run` [plan](https://x.example)')).toBe(
        'Run: easy done run plan (https://x.example)',
      );
    });
  });

  describe('blocks', () => {
    it('splits long text into sections under Slack’s 3,000 characters, at line ends', () => {
      const line = 'x'.repeat(1000);
      const blocks = textBlocks([line, line, line, line].join('\n'));

      expect(blocks).toHaveLength(2);
      expect(blocks.every((block) => block.text!.text.length <= 3000)).toBe(true);
      expect(blocks.map((block) => block.text!.text).join('\n')).toBe([line, line, line, line].join('\n'));
    });

    it('puts buttons in rows of five, at most 25, with labels cut to 75 characters', () => {
      const actions: ReplyAction[] = Array.from({ length: 30 }, (_, i) => ({
        id: `a${i}`,
        label: `${'L'.repeat(80)}${i}`,
        style: i === 0 ? 'danger' : 'default',
      }));

      const rows = actionBlocks(actions);

      expect(rows).toHaveLength(5);
      expect(rows.map((row) => row.elements.length)).toEqual([5, 5, 5, 5, 5]);
      expect(new Set(rows.map((row) => row.block_id)).size).toBe(5);
      const first = rows[0]!.elements[0] as any;
      expect(first).toMatchObject({ action_id: 'stride:a0', value: 'a0', style: 'danger' });
      expect(first.text.text).toHaveLength(75);
      expect(rows[0]!.elements[1]).not.toHaveProperty('style');
    });

    it('notes where attachments went in a context line, and never sends an empty message', () => {
      const message = replyMessage({ text: '' }, ['📈 _Run_ is in your direct messages with Stride.']);

      expect(message.text).toBe('…');
      expect(message.blocks).toEqual([
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: '📈 _Run_ is in your direct messages with Stride.' }],
        },
      ]);
    });
  });

  it('draws the Home from the today, streak and goal replies, with a notice on top', () => {
    const view = homeView({
      notice: { text: '✅ **Run**.' },
      today: { text: '**Today**', actions: [{ id: 'd1', label: '✓ Read', style: 'primary' }] },
      streaks: { text: '🔥 **Streaks**' },
      goals: { text: 'No goals yet.' },
    });

    expect(view.type).toBe('home');
    expect(view.blocks.map((block) => block.type)).toEqual([
      'context',
      'section',
      'actions',
      'divider',
      'section',
      'divider',
      'section',
      'context',
    ]);
    expect(view.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '✅ *Run*.' }] });
  });
});
