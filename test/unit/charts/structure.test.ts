/**
 * Structural checks of every chart kind: a real PNG of the promised size at both scales, not
 * blank, fully opaque, byte-identical for identical input, drawn in the shipped font.
 */
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { CHART_SIZES, drawChart } from '../../../src/charts/draw.js';
import { FONT_FAMILY, ensureChartFonts } from '../../../src/charts/fonts.js';
import { CHART_KINDS } from '../../../src/charts/types.js';
import { fixture } from './fixtures.js';
import { decodePng } from './golden.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which always comes first. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.each(CHART_KINDS)('%s', (kind) => {
  it.each([1, 2] as const)('is a PNG of its size times scale %i', async (scale) => {
    const png = await drawChart(kind, fixture(kind), scale);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({
      width: CHART_SIZES[kind].width * scale,
      height: CHART_SIZES[kind].height * scale,
    });
  });

  it('is about 800 pixels wide and at most 400 high, for chat previews', () => {
    expect(CHART_SIZES[kind].width).toBe(800);
    expect(CHART_SIZES[kind].height).toBeGreaterThanOrEqual(200);
    expect(CHART_SIZES[kind].height).toBeLessThanOrEqual(400);
  });

  it('is opaque and not blank', async () => {
    const { data } = await decodePng(await drawChart(kind, fixture(kind), 1));
    const colours = new Set<number>();
    let transparent = 0;
    let white = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 255) transparent += 1;
      if (data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255) white += 1;
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    expect(transparent).toBe(0);
    expect(colours.size).toBeGreaterThan(50);
    // Ink covers a real share of the picture, not just a header.
    expect(white / (data.length / 4)).toBeLessThan(0.93);
  });

  it('gives the same bytes for the same input', async () => {
    const [a, b] = [await drawChart(kind, fixture(kind), 2), await drawChart(kind, fixture(kind), 2)];
    expect(a.equals(b)).toBe(true);
  });

  it('gives different bytes for different input', async () => {
    const [a, b] = [await drawChart(kind, fixture(kind, 1), 1), await drawChart(kind, fixture(kind, 2), 1)];
    expect(a.equals(b)).toBe(false);
  });
});

describe('chart font', () => {
  it('is registered from the shipped TTF files, in two weights', () => {
    ensureChartFonts();
    expect(GlobalFonts.has(FONT_FAMILY)).toBe(true);
    const family = GlobalFonts.families.find((f) => f.family === FONT_FAMILY);
    expect([...new Set(family?.styles.map((s) => s.weight))].sort()).toEqual([400, 600]);
  });

  it('is what text is measured with, not a system fallback', () => {
    ensureChartFonts();
    const ctx = createCanvas(10, 10).getContext('2d');
    const width = (family: string): number => {
      ctx.font = `16px ${family}`;
      return ctx.measureText('Mon Wed Fri · 0123456789 Strength').width;
    };
    // An unknown family falls back to whatever the host has; ours must differ from that.
    expect(width(FONT_FAMILY)).not.toBeCloseTo(width('NoSuchFamilyAnywhere'), 1);
  });
});

describe('invalid input', () => {
  it('rejects a date that is not a calendar day, naming it', async () => {
    await expect(
      drawChart('habit-heatmap', { ...fixture('habit-heatmap'), today: '2026-02-30' }, 1),
    ).rejects.toThrow(/2026-02-30/);
  });
});
