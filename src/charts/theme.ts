/**
 * Shared look of every chart: one palette, one type scale, one header style, so the heatmaps drawn
 * by hand and the chart.js charts read as one family. Sizes are in CSS pixels and deliberately large:
 * chat clients show an 800-pixel-wide image at about half size in their previews.
 */
import { createCanvas } from '@napi-rs/canvas';
import { FONT_STACK, ensureChartFonts } from './fonts.js';

/** Okabe-Ito colours (safe for the common colour-vision deficiencies) plus neutral greys. */
export const COLORS = {
  background: '#FFFFFF',
  text: '#1F2328',
  muted: '#57606A',
  grid: '#E3E6EA',
  blue: '#0072B2',
  skyBlue: '#56B4E9',
  orange: '#E69F00',
  vermillion: '#D55E00',
  green: '#009E73',
  notDue: '#EBEDF0',
  paused: '#AEB4BC',
  /** Days before a habit began: the background itself, so they never pass for grey "not due" days. */
  notStarted: '#FFFFFF',
  notStartedMark: '#C9CED4',
} as const;

/** Font sizes in CSS pixels. */
export const TYPE = { title: 24, subtitle: 16, label: 16, tick: 15, small: 14 } as const;

/** Outer padding of every chart, in CSS pixels. */
export const PADDING = 20;

/** A canvas font string in the chart family and its fallbacks, e.g. `600 22px StrideInter, StrideEmoji, …`. */
export function font(size: number, weight: 400 | 600 = 400): string {
  return `${weight} ${size}px ${FONT_STACK}`;
}

let measurer: ReturnType<ReturnType<typeof createCanvas>['getContext']> | undefined;

/** Width of `text` in CSS pixels when drawn with `fontString`. */
export function measure(text: string, fontString: string): number {
  if (!measurer) {
    ensureChartFonts();
    measurer = createCanvas(1, 1).getContext('2d');
  }
  measurer.font = fontString;
  return measurer.measureText(text).width;
}

/**
 * Shortens `text` with an ellipsis so it fits `maxWidth`. Habit, goal and member names are typed
 * by users and can be any length; cutting by pixels rather than characters keeps "WWWW" and "iiii" fair.
 */
export function fitText(text: string, fontString: string, maxWidth: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (measure(clean, fontString) <= maxWidth) return clean;
  // Binary search on code points, so a surrogate pair (emoji) is never split.
  const chars = Array.from(clean);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const candidate = `${chars.slice(0, mid).join('').trimEnd()}…`;
    if (measure(candidate, fontString) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}
