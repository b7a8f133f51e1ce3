/**
 * The canvas plumbing every chart shares: an opaque surface at the requested pixel density, the
 * common header, and PNG encoding. Chat clients show transparent PNGs on dark themes as black on
 * black, hence the white fill before anything else is drawn.
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { ensureChartFonts } from './fonts.js';
import { encodeOpaquePng } from './png.js';
import { COLORS, PADDING, TYPE, fitText, font } from './theme.js';
import type { ChartScale, ChartSize } from './types.js';

/** A canvas sized for `scale` whose context draws in CSS pixels. */
export interface Surface {
  canvas: Canvas;
  ctx: SKRSContext2D;
}

/** Where the header's lines sit and where content may start below it. */
const TITLE_BASELINE = PADDING + 22;
const SUBTITLE_BASELINE = TITLE_BASELINE + 26;

/** Height taken by the header (title, optional subtitle and the gap under them), in CSS pixels. */
export function headerHeight(subtitle: string | undefined): number {
  return (subtitle ? SUBTITLE_BASELINE : TITLE_BASELINE) + 14;
}

/** Creates an opaque white surface of `size` CSS pixels at `scale` device pixels per CSS pixel. */
export function createSurface(size: ChartSize, scale: ChartScale): Surface {
  ensureChartFonts();
  const canvas = createCanvas(size.width * scale, size.height * scale);
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  fillBackground(ctx, size);
  return { canvas, ctx };
}

/** Paints the opaque background over the whole chart area. */
export function fillBackground(ctx: SKRSContext2D, size: ChartSize): void {
  ctx.save();
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, size.width, size.height);
  ctx.restore();
}

/** Draws the title and optional subtitle at the top left, each cut to the chart's width. */
export function drawHeader(ctx: SKRSContext2D, width: number, title: string, subtitle?: string): void {
  const maxWidth = width - 2 * PADDING;
  ctx.save();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = COLORS.text;
  ctx.font = font(TYPE.title, 600);
  ctx.fillText(fitText(title, ctx.font, maxWidth), PADDING, TITLE_BASELINE);
  if (subtitle) {
    ctx.fillStyle = COLORS.muted;
    ctx.font = font(TYPE.subtitle);
    ctx.fillText(fitText(subtitle, ctx.font, maxWidth), PADDING, SUBTITLE_BASELINE);
  }
  ctx.restore();
}

/** Encodes an opaque chart canvas drawn at `scale` as PNG; the compression runs off the main thread. */
export function encodePng(canvas: Canvas, scale: ChartScale): Promise<Buffer> {
  return encodeOpaquePng(canvas, scale);
}
