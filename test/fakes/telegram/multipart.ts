/**
 * A small, binary-safe multipart/form-data parser (RFC 7578 over RFC 2046). busboy is not installed,
 * and this one keeps what a fake needs to assert on: every part's headers and exact bytes.
 *
 * telegraf writes its parts with no space after the header colon (`content-disposition:form-data;
 * name="photo"; filename="photo.jpg"`), no per-part Content-Type, and no CRLF after the closing
 * delimiter; all of that is valid and accepted here.
 */

export interface MultipartPart {
  /** Lower-cased header names. */
  headers: Record<string, string>;
  name: string;
  /** Present for file parts; an empty filename still marks a file part. */
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary parameter of a multipart Content-Type, unquoted; undefined when absent. */
export function boundaryOf(contentType: string): string | undefined {
  const semicolon = contentType.indexOf(';');
  return semicolon < 0 ? undefined : parseHeaderParams(contentType.slice(semicolon + 1)).boundary;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const dashBoundary = Buffer.from(`--${boundary}`);
  // Inside the body a delimiter is always CRLF + "--" + boundary; only the first may open the body.
  const delimiter = Buffer.concat([CRLF, dashBoundary]);

  let cursor: number;
  if (body.subarray(0, dashBoundary.length).equals(dashBoundary)) cursor = dashBoundary.length;
  else {
    const first = findDelimiter(body, delimiter, 0);
    if (first < 0) throw new MultipartError('no opening boundary');
    cursor = first + delimiter.length;
  }

  const parts: MultipartPart[] = [];
  for (;;) {
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return parts; // "--": the close delimiter
    cursor = skipLinearWhitespace(body, cursor);
    if (!body.subarray(cursor, cursor + 2).equals(CRLF))
      throw new MultipartError('boundary not followed by CRLF');
    const start = cursor + 2;
    const end = findDelimiter(body, delimiter, start);
    if (end < 0) throw new MultipartError('part not closed by a boundary');
    parts.push(parsePart(body.subarray(start, end)));
    cursor = end + delimiter.length;
  }
}

/**
 * The next delimiter at or after `from`. A match must be followed by "--", CRLF or whitespace:
 * a data line that merely starts with the boundary string is not a delimiter.
 */
function findDelimiter(body: Buffer, delimiter: Buffer, from: number): number {
  for (let at = body.indexOf(delimiter, from); at >= 0; at = body.indexOf(delimiter, at + 1)) {
    const next = body[at + delimiter.length];
    if (next === 0x2d || next === 0x0d || next === 0x20 || next === 0x09) return at;
  }
  return -1;
}

function skipLinearWhitespace(body: Buffer, at: number): number {
  while (body[at] === 0x20 || body[at] === 0x09) at += 1;
  return at;
}

function parsePart(raw: Buffer): MultipartPart {
  // A part with no headers starts with the blank line itself.
  const headerEnd = raw.subarray(0, 2).equals(CRLF) ? 0 : raw.indexOf(HEADER_END);
  if (headerEnd < 0) throw new MultipartError('part headers not terminated by a blank line');
  const headers = parseHeaders(raw.subarray(0, headerEnd).toString('utf8'));
  const data = raw.subarray(headerEnd === 0 ? 2 : headerEnd + HEADER_END.length);

  const disposition = headers['content-disposition'];
  if (!disposition || !/^\s*form-data\s*(;|$)/i.test(disposition)) {
    throw new MultipartError('part without Content-Disposition: form-data');
  }
  const params = parseHeaderParams(disposition.slice(disposition.indexOf(';') + 1));
  if (params.name === undefined) throw new MultipartError('form-data part without a name');
  const filename = params['filename*'] !== undefined ? decodeExtValue(params['filename*']) : params.filename;
  return {
    headers,
    name: params.name,
    ...(filename !== undefined ? { filename } : {}),
    ...(headers['content-type'] ? { contentType: headers['content-type'] } : {}),
    // Copied so that a recorded part does not pin the whole request body in memory.
    data: Buffer.from(data),
  };
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      headers[last] += ` ${line.trim()}`; // obsolete line folding
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`malformed part header ${JSON.stringify(line)}`);
    last = line.slice(0, colon).trim().toLowerCase();
    headers[last] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `; a=1; b="x \"y\""` → {a: '1', b: 'x "y"'}; names lower-cased. */
function parseHeaderParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const pattern = /\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))\s*;?/gy;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!.trim();
    params[match[1]!.toLowerCase()] = value;
  }
  return params;
}

/** RFC 8187 `UTF-8''na%C3%AFve.png` → `naïve.png`. */
function decodeExtValue(value: string): string {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (!match) return value;
  try {
    return decodeURIComponent(match[2]!);
  } catch {
    return match[2]!;
  }
}
