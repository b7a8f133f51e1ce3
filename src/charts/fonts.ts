/**
 * The typefaces every chart uses. Text must never depend on whatever fonts the host happens to have
 * (a slim container has none, and another distro draws other glyphs), so every font comes from an
 * npm package and is registered under a family name no system font uses.
 *
 * Inter (SIL Open Font License 1.1, @expo-google-fonts/inter) draws Latin text. Names are typed by
 * people, in any script and with emoji, so fallbacks follow it in every font string, all OFL 1.1:
 * Noto Color Emoji, then Noto Sans SC (Chinese, and Japanese kanji and kana) and Noto Sans KR
 * (Hangul). Skia picks the first family in the list that has a character, so Latin stays in Inter
 * and emoji come out in colour rather than as a CJK font's plain symbol. The CJK fonts ship as
 * variable fonts split by Unicode range (about 4 MB each, all weights), so one family is many files;
 * the emoji font is the package's one whole file, because its Unicode-range slices draw nothing.
 */
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family of the chart typeface itself, for Latin text. */
export const FONT_FAMILY = 'StrideInter';

/** Fallback families in the order Skia tries them, each [family, package, file pattern]. */
const FALLBACKS = [
  ['StrideEmoji', '@fontsource/noto-color-emoji', /^noto-color-emoji-emoji-400-normal\.woff2$/],
  ['StrideCJK', '@fontsource-variable/noto-sans-sc', /^noto-sans-sc-\d+-wght-normal\.woff2$/],
  ['StrideHangul', '@fontsource-variable/noto-sans-kr', /^noto-sans-kr-\d+-wght-normal\.woff2$/],
] as const;

/** What to put in every canvas and chart.js font string: the typeface, then its fallbacks. */
export const FONT_STACK = [FONT_FAMILY, ...FALLBACKS.map(([family]) => family)].join(', ');

// Regular for labels, semibold for titles; the package has no `exports` map, so the paths resolve as is.
const FONT_FILES = [
  '@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf',
  '@expo-google-fonts/inter/600SemiBold/Inter_600SemiBold.ttf',
] as const;

let registered = false;

/** Registers the chart fonts once per process; throws when a font file is missing or unreadable. */
export function ensureChartFonts(): void {
  // The native font registry outlives this module: jest loads modules afresh per test file in one process.
  if (registered || GlobalFonts.has(FONT_FAMILY)) return;
  const require = createRequire(import.meta.url);
  const register = (path: string, family: string): void => {
    if (!GlobalFonts.registerFromPath(path, family)) throw new Error(`could not load the chart font ${path}`);
  };
  // Fallbacks first: the check above takes a registered Inter to mean every family is there.
  for (const [family, pkg, pattern] of FALLBACKS) {
    const dir = join(dirname(require.resolve(`${pkg}/package.json`)), 'files');
    const files = readdirSync(dir).filter((file) => pattern.test(file));
    if (files.length === 0) throw new Error(`no chart font files in ${dir}`);
    for (const file of files) register(join(dir, file), family);
  }
  for (const file of FONT_FILES) register(require.resolve(file), FONT_FAMILY);
  warmUp();
  registered = true;
}

/**
 * Skia unpacks the compressed fallback fonts on their first use, which takes about a second; paying
 * that here, once per process, keeps it out of whichever chart happens to show the first CJK name.
 */
function warmUp(): void {
  const ctx = createCanvas(1, 1).getContext('2d');
  for (const weight of [400, 600]) {
    ctx.font = `${weight} 16px ${FONT_STACK}`;
    ctx.fillText('Aa 読书 ひ 운 📚', 0, 0);
  }
}
