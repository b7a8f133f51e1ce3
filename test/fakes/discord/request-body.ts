/** Reads a REST request's body: JSON, or multipart with `payload_json` and `files[n]` parts. */
import type { IncomingMessage } from 'node:http';
import { boundaryOf, parseMultipart } from '../telegram/multipart.js';
import { readRaw, UnparseableBodyError } from '../telegram/request-body.js';
import type { FilePart, RecordedCall } from './types.js';

// Reading the raw body (64 MB at most: far beyond any upload limit is a bug in the test) and its
// refusal are the Telegram fake's, like the multipart parser.
export { readRaw, UnparseableBodyError };

export function parseBody(
  req: IncomingMessage,
  raw: Buffer,
): Pick<RecordedCall, 'body' | 'files' | 'encoding'> {
  if (raw.length === 0) return { body: undefined, files: [], encoding: 'none' };
  const contentType = req.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') {
    return { body: parseJson(raw.toString('utf8'), 'body'), files: [], encoding: 'json' };
  }
  if (mediaType === 'multipart/form-data') {
    const boundary = boundaryOf(contentType);
    if (!boundary) throw new UnparseableBodyError('multipart Content-Type without a boundary');
    let parts;
    try {
      parts = parseMultipart(raw, boundary);
    } catch (error) {
      throw new UnparseableBodyError(`invalid multipart body: ${(error as Error).message}`);
    }
    let body: unknown;
    const files: FilePart[] = [];
    for (const part of parts) {
      if (part.filename !== undefined) {
        files.push({
          field: part.name,
          filename: part.filename,
          contentType: part.contentType ?? 'application/octet-stream',
          bytes: part.data,
        });
      } else if (part.name === 'payload_json') {
        body = parseJson(part.data.toString('utf8'), 'payload_json');
      } else {
        throw new UnparseableBodyError(`unexpected multipart field ${JSON.stringify(part.name)}`);
      }
    }
    return { body, files, encoding: 'multipart' };
  }
  throw new UnparseableBodyError(`unsupported Content-Type ${JSON.stringify(contentType)}`);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UnparseableBodyError(`invalid JSON ${what}: ${(error as Error).message}`);
  }
}
