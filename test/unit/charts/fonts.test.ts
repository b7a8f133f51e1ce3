/**
 * Habit, goal and member names are typed by people in any script and with emoji: every chart must
 * draw them as real glyphs, never as the font's "missing glyph" box (which looks the same for every
 * character it stands in for, so two different characters drawing alike is the tell).
 */
import { createCanvas } from '@napi-rs/canvas';
import { drawChart } from '../../../src/charts/draw.js';
import { ensureChartFonts } from '../../../src/charts/fonts.js';
import { font } from '../../../src/charts/theme.js';
import { fixture } from './fixtures.js';
import { decodePng } from './golden.js';

/** The pixels of one character drawn alone in the chart font, as a string to compare. */
function glyphPixels(char: string, weight: 400 | 600): string {
  ensureChartFonts();
  const canvas = createCanvas(40, 40);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#FFFFFF';
  ctx.fillRect(0, 0, 40, 40);
  ctx.fillStyle = '#000000';
  ctx.font = font(24, weight);
  ctx.textBaseline = 'middle';
  ctx.fillText(char, 4, 20);
  return Buffer.from(ctx.getImageData(0, 0, 40, 40).data).toString('base64');
}

/** Pixels whose channels differ clearly: colour, not the grey of text antialiasing. */
function colourfulPixels(
  data: Uint8ClampedArray,
  width: number,
  box: { x: number; y: number; w: number; h: number },
): number {
  let count = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) count += 1;
    }
  }
  return count;
}

// Chinese, Japanese kanji and kana, Korean, and emoji as people put them in habit names.
const CHARACTERS = ['読', '書', '跑', '步', 'ひ', '운', '동', '📚', '🏃', '✅'];

describe('chart fonts for any name', () => {
  it.each([400, 600] as const)(
    'draw every CJK character and emoji as its own glyph (weight %i)',
    (weight) => {
      const drawn = CHARACTERS.map((char) => glyphPixels(char, weight));
      const blank = glyphPixels(' ', weight);
      for (const [i, pixels] of drawn.entries()) {
        expect({ char: CHARACTERS[i], blank: pixels === blank }).toEqual({
          char: CHARACTERS[i],
          blank: false,
        });
      }
      // Missing glyphs all draw the same box; real glyphs all differ.
      expect(new Set(drawn).size).toBe(CHARACTERS.length);
    },
  );

  it('draws emoji in colour in a chart title', async () => {
    const png = await drawChart(
      'habit-heatmap',
      { ...fixture('habit-heatmap'), title: '読書 📚 Lecture' },
      1,
    );
    const plain = await drawChart('habit-heatmap', { ...fixture('habit-heatmap'), title: '読書 Lecture' }, 1);
    const [withEmoji, without] = [await decodePng(png), await decodePng(plain)];
    // The title is dark text on white: only a colour emoji puts colour in its line.
    const titleLine = { x: 0, y: 0, w: withEmoji.width, h: 50 };
    expect(colourfulPixels(without.data, without.width, titleLine)).toBe(0);
    expect(colourfulPixels(withEmoji.data, withEmoji.width, titleLine)).toBeGreaterThan(40);
  });

  it('keeps Latin text in the chart typeface', () => {
    // The fallbacks also hold Latin letters; a Latin name must not change typeface with them.
    ensureChartFonts();
    const ctx = createCanvas(10, 10).getContext('2d');
    ctx.font = font(16);
    const stacked = ctx.measureText('Morning run 0123456789').width;
    ctx.font = '16px StrideInter';
    expect(stacked).toBeCloseTo(ctx.measureText('Morning run 0123456789').width, 5);
  });
});
