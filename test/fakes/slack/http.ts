/** Reading and answering the fake's HTTP requests. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestBody, UploadedPart } from './types.js';

/** Thrown for a body the fake cannot parse; the server records it as unexpected. */
export class UnparseableBodyError extends Error {}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The media type without parameters, lower-cased: `multipart/form-data`. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Parses the three encodings a Slack client may use: the SDK sends x-www-form-urlencoded, switches to
 * multipart when an argument is a Buffer, and Bolt's respond() posts JSON to response URLs.
 */
export async function parseBody(req: IncomingMessage, raw: Buffer): Promise<RequestBody> {
  if (raw.length === 0) return {};
  const type = mediaType(req);
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new UnparseableBodyError('JSON body is not an object');
      }
      return parsed as RequestBody;
    } catch (error) {
      throw new UnparseableBodyError(`invalid JSON body: ${(error as Error).message}`);
    }
  }
  if (type === 'multipart/form-data') return parseMultipart(req, raw);
  throw new UnparseableBodyError(`unsupported Content-Type ${JSON.stringify(req.headers['content-type'])}`);
}

// undici's Response already implements a strict multipart parser; reusing it beats a hand-rolled one.
async function parseMultipart(req: IncomingMessage, raw: Buffer): Promise<RequestBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': req.headers['content-type']! } }).formData();
  } catch (error) {
    throw new UnparseableBodyError(`invalid multipart body: ${(error as Error).message}`);
  }
  const body: RequestBody = {};
  for (const [name, value] of form) {
    body[name] =
      typeof value === 'string'
        ? value
        : ({
            filename: value.name,
            contentType: value.type,
            bytes: Buffer.from(await value.arrayBuffer()),
          } satisfies UploadedPart);
  }
  return body;
}

export function isUploadedPart(value: unknown): value is UploadedPart {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedPart).bytes);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}
