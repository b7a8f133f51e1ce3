/**
 * The PNG encoder: lossless for opaque canvases, valid chunks, density recorded.
 */
import { createCanvas } from '@napi-rs/canvas';
import { crc32 } from 'node:zlib';
import { encodeOpaquePng } from '../../../src/charts/png.js';
import { decodePng } from './golden.js';

function opaqueCanvas() {
  const canvas = createCanvas(37, 23);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 37, 23);
  for (let i = 0; i < 37; i++) {
    ctx.fillStyle = `rgb(${(i * 53) % 256}, ${(i * 97) % 256}, ${(i * 31) % 256})`;
    ctx.fillRect(i, (i * 7) % 23, 1, 5);
  }
  // Antialiased, partly transparent strokes over the opaque background, as charts draw them.
  ctx.strokeStyle = 'rgba(0, 114, 178, 0.5)';
  ctx.lineWidth = 2.5;
  ctx.beginPath();
  ctx.moveTo(0, 0);
  ctx.lineTo(37, 23);
  ctx.stroke();
  return canvas;
}

describe('encodeOpaquePng', () => {
  it('round-trips every pixel exactly', async () => {
    const canvas = opaqueCanvas();
    const expected = canvas.getContext('2d').getImageData(0, 0, 37, 23).data;
    const decoded = await decodePng(await encodeOpaquePng(canvas, 1));
    expect(decoded.width).toBe(37);
    expect(decoded.height).toBe(23);
    expect(Buffer.from(decoded.data).equals(Buffer.from(expected))).toBe(true);
  });

  it('writes well-formed chunks with the density of the scale', async () => {
    const png = await encodeOpaquePng(opaqueCanvas(), 2);
    const types: string[] = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      const typeAndData = png.subarray(at + 4, at + 8 + length);
      expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(typeAndData));
      const type = typeAndData.subarray(0, 4).toString('ascii');
      types.push(type);
      if (type === 'pHYs') expect(typeAndData.readUInt32BE(4)).toBe(5670);
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
  });
});
