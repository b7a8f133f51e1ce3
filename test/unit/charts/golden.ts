/**
 * Golden image comparison for chart tests. PNG bytes are compared pixel by pixel with a small
 * tolerance rather than byte for byte, so a rebuilt Skia or zlib that antialiases a glyph edge
 * differently does not fail the suite, while a moved label or a lost series does.
 *
 * Set UPDATE_GOLDEN=1 to rewrite goldens after an intended change (then look at every one).
 * A missing golden is written on a developer machine but fails under CI=true: CI must never bless
 * its own output.
 */
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where committed goldens live. */
export const GOLDEN_DIR = fileURLToPath(new URL('../../golden/charts/', import.meta.url));

/** A channel differing by more than this (of 255) makes the pixel count as different. */
const CHANNEL_THRESHOLD = 24;
/** Share of pixels allowed to differ. */
const MAX_DIFFERING = 0.005;

const isCi = (): boolean => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** RGBA pixels of a PNG, with its size. */
export async function decodePng(
  png: Buffer,
): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return {
    width: image.width,
    height: image.height,
    data: ctx.getImageData(0, 0, image.width, image.height).data,
  };
}

/** Share of pixels whose largest channel difference exceeds the threshold; 1 when sizes differ. */
export async function differingShare(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([decodePng(a), decodePng(b)]);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let differing = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(x.data[i + c]! - y.data[i + c]!) > CHANNEL_THRESHOLD) {
        differing += 1;
        break;
      }
    }
  }
  return differing / (x.width * x.height);
}

/** Fails unless `png` matches the golden `name`.png (see the module comment for writing goldens). */
export async function expectMatchesGolden(name: string, png: Buffer): Promise<void> {
  const file = join(GOLDEN_DIR, `${name}.png`);
  const update = process.env.UPDATE_GOLDEN === '1';
  if (update || !existsSync(file)) {
    if (isCi())
      throw new Error(
        `golden ${file} is ${update ? 'not to be rewritten' : 'missing'} under CI; run UPDATE_GOLDEN=1 locally, look at it and commit it`,
      );
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, png);
    return;
  }
  const share = await differingShare(png, readFileSync(file));
  if (share >= MAX_DIFFERING) {
    const actual = join(tmpdir(), `stride-chart-${name}.actual.png`);
    writeFileSync(actual, png);
    throw new Error(
      `${name}: ${(share * 100).toFixed(2)}% of pixels differ from ${file}; this render is at ${actual}`,
    );
  }
}
