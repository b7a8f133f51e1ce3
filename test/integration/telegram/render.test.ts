/**
 * The Telegram rendering on its own: the markdown subset as HTML the fake Bot API (Telegram's
 * parser rules) accepts, splitting under the limit, and keyboards.
 */
import { formatText } from '../../fakes/telegram/formatting/index.js';
import { planReply } from '../../../adapters/telegram/plan.js';
import { inlineKeyboard, renderChunks, renderHtml } from '../../../adapters/telegram/render.js';

/** What a member would see: the text after Telegram parses the HTML (throws on what it refuses). */
const shown = (html: string) => formatText(html, 'HTML', undefined).text;

describe('renderHtml', () => {
  it.each([
    ['**Read** done', '<b>Read</b> done'],
    ['_at risk_, again', '<i>at risk</i>, again'],
    ['**bold _and italic_**', '<b>bold <i>and italic</i></b>'],
    ['my_snake_case_habit stays', 'my_snake_case_habit stays'],
    ['`a **b** <c> & d`', '<code>a **b** &lt;c&gt; &amp; d</code>'],
    [
      '[the docs](https://x.example/a?b=1&c="2")',
      '<a href="https://x.example/a?b=1&amp;c=&quot;2&quot;">the docs</a>',
    ],
    ['- one\n- two', '• one\n• two'],
    ['1 < 2 && 3 > 2', '1 &lt; 2 &amp;&amp; 3 &gt; 2'],
  ])('%s', (markdown, html) => {
    expect(renderHtml(markdown)).toBe(html);
    expect(() => shown(html)).not.toThrow();
  });

  it('shows markup that would not nest as typed', () => {
    const html = renderHtml('**a _b** c_ d');
    expect(() => shown(html)).not.toThrow();
    expect(shown(html)).toBe('**a _b** c_ d');
  });

  it('never lets a member forge a placeholder', () => {
    expect(shown(renderHtml('\uE0000\uE001 `x`'))).toBe('0 x');
  });
});

describe('renderChunks', () => {
  it('keeps every chunk under the limit and loses nothing', () => {
    const text = ['short line', 'y'.repeat(9000), `${'word & '.repeat(1500)}end`].join('\n');
    const chunks = renderChunks(text);
    for (const chunk of chunks) expect(shown(chunk).length).toBeLessThanOrEqual(4096);
    expect(chunks.map(shown).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('gives nothing for blank text', () => {
    expect(renderChunks('  \n ')).toEqual([]);
  });
});

describe('keyboards and plans', () => {
  it('puts two buttons in a row, callback_data being the action id', () => {
    const actions = ['a', 'b', 'c'].map((id) => ({ id, label: id.toUpperCase(), style: 'default' as const }));
    expect(inlineKeyboard(actions)).toEqual({
      inline_keyboard: [
        [
          { text: 'A', callback_data: 'a' },
          { text: 'B', callback_data: 'b' },
        ],
        [{ text: 'C', callback_data: 'c' }],
      ],
    });
  });

  it('sends a file as a document with the text as its caption, then the follow-ups', () => {
    const plan = planReply({
      text: 'Your **export**',
      file: { filename: 'stride.json', mimeType: 'application/json', content: '{}' },
      followUps: [{ text: 'Keep it safe.' }],
    });
    expect(plan).toEqual([
      { kind: 'document', filename: 'stride.json', content: Buffer.from('{}'), html: 'Your <b>export</b>' },
      { kind: 'text', html: 'Keep it safe.' },
    ]);
  });

  it('measures a caption as Telegram shows it: bold names do not push a fitting text out', () => {
    const png = Buffer.from('png');
    const actions = [{ id: 'week', label: 'My week', style: 'default' as const }];
    // 949 characters shown, 1,215 as HTML.
    const text = Array.from(
      { length: 38 },
      (_, i) => `- **Member ${String(i).padStart(2, '0')}**: 5 of 7, 71%`,
    ).join('\n');
    const fits = planReply({ text, image: { png, alt: 'week' }, actions });
    expect(renderHtml(text).length).toBeGreaterThan(1024);
    expect(fits).toEqual([{ kind: 'photo', png, html: renderHtml(text), keyboard: inlineKeyboard(actions) }]);
    expect(shown(renderHtml(text)).length).toBeLessThanOrEqual(1024);

    // Past 1,024 shown: the photo goes first, then the text with the buttons.
    const longer = planReply({
      text: `${text}\n${'and more '.repeat(12)}`,
      image: { png, alt: 'week' },
      actions,
    });
    expect(
      longer.map((message) => [message.kind, message.html !== undefined, message.keyboard !== undefined]),
    ).toEqual([
      ['photo', false, false],
      ['text', true, true],
    ]);
  });
});
