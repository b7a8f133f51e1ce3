/** Reads a Bot API request's parameters from any of the encodings Telegram accepts. */
import type { IncomingMessage } from 'node:http';
import { boundaryOf, parseMultipart } from './multipart.js';
import type { FilePart, Params, RecordedCall } from './types.js';

/** Thrown for a body the fake cannot parse; the server answers 400 and records it as unexpected. */
export class UnparseableBodyError extends Error {}

// Telegram accepts uploads up to 50 MB; anything far beyond that is a bug in the test.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new UnparseableBodyError('request body larger than 64 MB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Query-string parameters merged with the body's, body winning, as the Bot API does for
 * `GET /bot<token>/getMe?…` and `POST` alike.
 */
export function parseParams(
  req: IncomingMessage,
  raw: Buffer,
): { params: Params; encoding: RecordedCall['encoding'] } {
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams);
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (raw.length === 0) return { params: query, encoding: Object.keys(query).length > 0 ? 'query' : 'none' };

  if (mediaType === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new UnparseableBodyError(`invalid JSON body: ${(error as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UnparseableBodyError('JSON body is not an object');
    }
    return { params: { ...query, ...(parsed as Params) }, encoding: 'json' };
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return {
      params: { ...query, ...Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) },
      encoding: 'urlencoded',
    };
  }
  if (mediaType === 'multipart/form-data') {
    const boundary = boundaryOf(contentType);
    if (!boundary) throw new UnparseableBodyError('multipart Content-Type without a boundary');
    const params: Params = { ...query };
    let parts;
    try {
      parts = parseMultipart(raw, boundary);
    } catch (error) {
      throw new UnparseableBodyError(`invalid multipart body: ${(error as Error).message}`);
    }
    for (const part of parts) {
      params[part.name] =
        part.filename !== undefined
          ? ({
              filename: part.filename,
              // telegraf sends no per-part type; RFC 7578 says to assume this one.
              contentType: part.contentType ?? 'application/octet-stream',
              bytes: part.data,
            } satisfies FilePart)
          : part.data.toString('utf8');
    }
    return { params, encoding: 'multipart' };
  }
  throw new UnparseableBodyError(`unsupported Content-Type ${JSON.stringify(contentType)}`);
}

export function isFilePart(value: unknown): value is FilePart {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as FilePart).bytes);
}
