/**
 * The one way a fraction becomes the whole percentage people see. Every reply, alt text and chart
 * label goes through it: rounding a score to a tenth for plotting and then again for a label turned
 * 0.9449 into 95% on the trend chart while the stats text said 94%.
 */

/** 0.6234 → 62: the fraction times 100, rounded once to a whole number (halves up). */
export function wholePercent(fraction: number): number {
  return Math.round(fraction * 100);
}
