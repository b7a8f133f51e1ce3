/**
 * What Telegram makes of an uploaded photo: it reads the image's dimensions (refusing what is not
 * an image) and stores it in several sizes, which sendPhoto returns as `photo: PhotoSize[]`,
 * smallest first.
 */
import type { PhotoSize } from 'telegraf/types';
import { badRequest } from './errors.js';
import { nextPhotoFileIds } from './identity.js';

export interface Dimensions {
  width: number;
  height: number;
}

/** The dimensions of a PNG, JPEG, GIF or WebP image; undefined for anything else. */
export function imageDimensions(bytes: Buffer): Dimensions | undefined {
  if (
    bytes.length >= 24 &&
    bytes.readUInt32BE(0) === 0x89504e47 &&
    bytes.toString('latin1', 12, 16) === 'IHDR'
  ) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (
    bytes.length >= 30 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  ) {
    return webpDimensions(bytes);
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegDimensions(bytes);
  return undefined;
}

function jpegDimensions(bytes: Buffer): Dimensions | undefined {
  // Walk the marker segments up to a start-of-frame (SOF0–SOF15 except DHT, JPG and DAC).
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return undefined;
}

function webpDimensions(bytes: Buffer): Dimensions | undefined {
  const chunk = bytes.toString('latin1', 12, 16);
  if (chunk === 'VP8 ')
    return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
  return undefined;
}

// Telegram's stored sizes: thumbnails whose longer side is 90, 320 and 800, and the photo itself
// scaled down to at most 1280.
const THUMBNAIL_SIDES = [90, 320, 800];
const MAX_SIDE = 1280;

/** The PhotoSize list Telegram returns for an uploaded image of `byteLength` bytes. */
export function photoSizesFor(bytes: Buffer): PhotoSize[] {
  if (bytes.length === 0) throw badRequest('file must be non-empty');
  const size = imageDimensions(bytes);
  if (!size || size.width === 0 || size.height === 0) throw badRequest('IMAGE_PROCESS_FAILED');
  // The documented limits: width + height at most 10000, aspect ratio at most 20.
  const ratio = Math.max(size.width, size.height) / Math.min(size.width, size.height);
  if (size.width + size.height > 10000 || ratio > 20) throw badRequest('PHOTO_INVALID_DIMENSIONS');

  const longest = Math.max(size.width, size.height);
  const sides = [...THUMBNAIL_SIDES.filter((side) => side < longest), Math.min(longest, MAX_SIDE)];
  return sides.map((side) => {
    const scale = side / longest;
    const width = Math.max(1, Math.round(size.width * scale));
    const height = Math.max(1, Math.round(size.height * scale));
    const { fileId, fileUniqueId } = nextPhotoFileIds();
    // Stored sizes are re-encoded JPEGs; the byte count only has to be plausible.
    const fileSize = Math.max(100, Math.round(bytes.length * scale * scale));
    return { file_id: fileId, file_unique_id: fileUniqueId, file_size: fileSize, width, height };
  });
}

/**
 * Sizes for a photo given by URL. Telegram would download it; the fake must not leave loopback,
 * so it pretends the URL held an 800×600 image.
 */
export function photoSizesForUrl(): PhotoSize[] {
  return [
    { width: 90, height: 68 },
    { width: 320, height: 240 },
    { width: 800, height: 600 },
  ].map(({ width, height }) => {
    const { fileId, fileUniqueId } = nextPhotoFileIds();
    return { file_id: fileId, file_unique_id: fileUniqueId, file_size: width * height, width, height };
  });
}
