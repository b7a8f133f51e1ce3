/**
 * The one typeface every chart uses: Inter (SIL Open Font License 1.1), loaded from the
 * @expo-google-fonts/inter package's TTF files. Text must never depend on whatever fonts the host
 * happens to have (a slim container has none, and another distro draws other glyphs), so the font is
 * registered under a family name no system font uses: a fallback would show up as a different width.
 */
import { GlobalFonts } from '@napi-rs/canvas';
import { createRequire } from 'node:module';

/** The family name to put in every canvas and chart.js font string. */
export const FONT_FAMILY = 'StrideInter';

// Regular for labels, semibold for titles; the package has no `exports` map, so the paths resolve as is.
const FONT_FILES = [
  '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf',
] as const;

let registered = false;

/** Registers the chart font once per process; throws when a font file is missing or unreadable. */
export function ensureChartFonts(): void {
  // The native font registry outlives this module: jest loads modules afresh per test file in one process.
  if (registered || GlobalFonts.has(FONT_FAMILY)) return;
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    if (!GlobalFonts.registerFromPath(require.resolve(file), FONT_FAMILY)) {
      throw new Error(`could not load the chart font ${file}`);
    }
  }
  registered = true;
}
