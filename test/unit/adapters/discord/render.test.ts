/**
 * Replies as Discord messages: the markdown subset carried over (and Discord's other markup
 * escaped), text cut under the embed limit, the chart inside the first embed, the file beside it,
 * buttons in rows of five under the last message, and follow-ups after.
 */
import {
  actionRows,
  descriptionChunks,
  renderReply,
  toDiscordMarkdown,
} from '../../../../adapters/discord/render.js';
import type { ReplyAction } from '../../../../src/ports/chat.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const action = (i: number, style: ReplyAction['style'] = 'primary'): ReplyAction => ({
  id: `id-${i}`,
  label: `Button ${i}`,
  style,
});

describe('toDiscordMarkdown', () => {
  it("keeps Stride's markdown, which Discord reads the same, and turns list lines into bullets", () => {
    expect(
      toDiscordMarkdown('**Read** is _due_: `done read`\n- one\n- two [docs](https://stride.example/a_b)'),
    ).toBe('**Read** is _due_: `done read`\n• one\n• two [docs](https://stride.example/a_b)');
  });

  it('escapes the Discord markup Stride never means, but not inside code', () => {
    expect(toDiscordMarkdown('||secret|| ~~old~~ a\\b')).toBe('\\|\\|secret\\|\\| \\~\\~old\\~\\~ a\\\\b');
    expect(toDiscordMarkdown('# 1 habit\n> quoted\n-# small')).toBe('\\# 1 habit\n\\> quoted\n\\-# small');
    expect(toDiscordMarkdown('`a || b`')).toBe('`a || b`');
  });
});

describe('descriptionChunks', () => {
  it('keeps whole lines together under the limit and cuts long lines between words', () => {
    expect(descriptionChunks('aaa\nbbb\nccc', 7)).toEqual(['aaa\nbbb', 'ccc']);
    expect(descriptionChunks('one two three', 7)).toEqual(['one two', 'three']);
    expect(descriptionChunks('x'.repeat(10), 4)).toEqual(['xxxx', 'xxxx', 'xx']);
    expect(descriptionChunks('  \n ')).toEqual([]);
    const long = descriptionChunks(`${'word '.repeat(2000)}`);
    expect(long.length).toBeGreaterThan(1);
    expect(long.every((chunk) => chunk.length <= 4096)).toBe(true);
  });
});

describe('actionRows', () => {
  it('puts five buttons a row, five rows at most, with the styles and labels Discord allows', () => {
    const rows = actionRows([
      ...Array.from({ length: 27 }, (_, i) => action(i)),
      { id: 'x'.repeat(101), label: 'too long an id', style: 'primary' },
    ]);
    expect(rows.map((row) => row.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(
      rows.flatMap((row) => row.components).map((button) => (button as { custom_id: string }).custom_id),
    ).toEqual(Array.from({ length: 25 }, (_, i) => `id-${i}`));
    const [danger, other] = actionRows([
      { id: 'a', label: 'L'.repeat(100), style: 'danger' },
      { id: 'b', label: 'Keep', style: 'default' },
    ])[0]!.components as { style: number; label: string }[];
    expect(danger).toMatchObject({ type: 2, style: 4 });
    expect(danger!.label).toHaveLength(80);
    expect(other).toMatchObject({ style: 2, label: 'Keep' });
    expect(actionRows(undefined)).toEqual([]);
  });
});

describe('renderReply', () => {
  it('shows a chart inside the first embed, with the file beside it and the buttons under the last message', () => {
    const messages = renderReply({
      text: `Your week\n${'y'.repeat(4096)}`,
      image: { png: PNG, alt: 'A week of Read' },
      file: { filename: 'export.json', mimeType: 'application/json', content: '{}' },
      actions: [action(1)],
      ephemeral: true,
      followUps: [{ text: 'And **one** more' }],
    });
    expect(messages).toHaveLength(3);
    const [first, second, followUp] = messages;
    expect(first!.embeds).toEqual([
      expect.objectContaining({ description: 'Your week', image: { url: 'attachment://chart.png' } }),
    ]);
    expect(first!.files.map((file) => [file.name, file.contentType])).toEqual([
      ['chart.png', 'image/png'],
      ['export.json', 'application/json'],
    ]);
    expect(first!.files[0]).toMatchObject({ data: PNG, description: 'A week of Read' });
    expect(first!.components).toEqual([]);
    expect(second!.components).toHaveLength(1);
    expect(second!.files).toEqual([]);
    expect([first!.ephemeral, second!.ephemeral, followUp!.ephemeral]).toEqual([true, true, false]);
    expect(followUp!.embeds[0]!.description).toBe('And **one** more');
  });

  it('shows a chart without text as an embed of the image alone, and nothing for an empty reply', () => {
    const [only] = renderReply({ text: '', image: { png: PNG, alt: 'chart' } });
    expect(only!.embeds).toEqual([expect.objectContaining({ image: { url: 'attachment://chart.png' } })]);
    expect(only!.embeds[0]!.description).toBeUndefined();
    expect(renderReply({ text: ' ' })).toEqual([]);
    const [buttonsOnly] = renderReply({ text: '', actions: [action(1)] });
    expect(buttonsOnly!.embeds[0]!.description).toBe('…');
    expect(buttonsOnly!.components).toHaveLength(1);
  });
});
