/**
 * The three steps of `client.files.uploadV2`: files.getUploadURLExternal reserves an id and an upload
 * URL, the client POSTs the bytes there, files.completeUploadExternal shares the uploaded files.
 */
import type { IncomingMessage } from 'node:http';
import { SlackApiError, requireArgs } from './errors.js';
import { isUploadedPart, parseBody, UnparseableBodyError } from './http.js';
import { nextId } from './identity.js';
import type { FakeSlackIdentity } from './identity.js';
import type { RecordedUpload, RequestBody } from './types.js';

interface StoredFile {
  id: string;
  filename: string;
  declaredLength: number;
  upload?: RecordedUpload;
  created: number;
}

/** Thrown for an upload the fake refuses; the server records it and answers 4xx. */
export class UploadRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
};

export class FileStore {
  readonly uploads: RecordedUpload[] = [];
  private readonly files = new Map<string, StoredFile>();

  constructor(
    private readonly identity: FakeSlackIdentity,
    private readonly baseUrl: () => string,
  ) {}

  /** files.getUploadURLExternal */
  getUploadUrl(args: RequestBody): Record<string, unknown> {
    requireArgs(args, 'filename', 'length');
    const declaredLength = Number(args.length);
    if (!Number.isInteger(declaredLength) || declaredLength <= 0) {
      throw new SlackApiError('invalid_arguments', [
        `[ERROR] length must be a positive integer: ${args.length}`,
      ]);
    }
    const id = nextId('F');
    this.files.set(id, {
      id,
      filename: String(args.filename),
      declaredLength,
      created: Math.floor(Date.now() / 1000),
    });
    return { ok: true, upload_url: `${this.baseUrl()}/upload/v1/${id}`, file_id: id };
  }

  /**
   * The upload URL. Slack documents both a raw body and a multipart form with one file part; the SDK
   * sends multipart with a part named `body` and filename `Untitled`.
   */
  async receive(fileId: string, req: IncomingMessage, raw: Buffer): Promise<RecordedUpload> {
    const file = this.files.get(fileId);
    if (!file) throw new UploadRefusedError(404, `no upload URL was issued for file ${fileId}`);
    if (file.upload) throw new UploadRefusedError(400, `file ${fileId} was already uploaded`);
    const bytes = await this.extractBytes(req, raw);
    if (bytes.length !== file.declaredLength) {
      // Slack would store a truncated or padded file; a length mismatch is always a client bug.
      throw new UploadRefusedError(
        400,
        `file ${fileId}: ${bytes.length} bytes sent, ${file.declaredLength} declared`,
      );
    }
    file.upload = {
      fileId,
      filename: file.filename,
      declaredLength: file.declaredLength,
      bytes,
      contentType: req.headers['content-type'] ?? '',
      headers: req.headers,
      at: new Date(),
    };
    this.uploads.push(file.upload);
    return file.upload;
  }

  /** files.completeUploadExternal */
  complete(args: RequestBody): Record<string, unknown> {
    requireArgs(args, 'files');
    if (!Array.isArray(args.files) || args.files.length === 0) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] files must be a non-empty JSON array']);
    }
    if (args.thread_ts !== undefined && args.channel_id === undefined) {
      throw new SlackApiError('invalid_arguments', ['[ERROR] thread_ts requires channel_id']);
    }
    const files = (args.files as Array<{ id?: string; title?: string }>).map((entry) => {
      const file = entry.id === undefined ? undefined : this.files.get(entry.id);
      if (!file) throw new SlackApiError('file_not_found', [`[ERROR] unknown file id ${entry.id}`]);
      if (!file.upload)
        throw new SlackApiError('file_not_found', [`[ERROR] file ${file.id} was never uploaded`]);
      return this.describe(file, entry.title ?? file.filename, args.channel_id as string | undefined);
    });
    return { ok: true, files };
  }

  private async extractBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) return raw;
    let body: RequestBody;
    try {
      body = await parseBody(req, raw);
    } catch (error) {
      if (error instanceof UnparseableBodyError) throw new UploadRefusedError(400, error.message);
      throw error;
    }
    const parts = Object.values(body).filter(isUploadedPart);
    if (parts.length !== 1) {
      throw new UploadRefusedError(
        400,
        `expected one file part in the multipart upload, got ${parts.length}`,
      );
    }
    return parts[0]!.bytes;
  }

  // The file object Slack returns; the SDK passes it through to the caller untouched.
  private describe(file: StoredFile, title: string, channelId: string | undefined): Record<string, unknown> {
    const extension = file.filename.includes('.') ? file.filename.split('.').pop()!.toLowerCase() : '';
    const domain = this.identity.teamDomain;
    return {
      id: file.id,
      created: file.created,
      timestamp: file.created,
      name: file.filename,
      title,
      mimetype: MIME_TYPES[extension] ?? 'application/octet-stream',
      filetype: extension || 'binary',
      user: this.identity.botUserId,
      user_team: this.identity.teamId,
      size: file.declaredLength,
      url_private: `https://files.slack.com/files-pri/${this.identity.teamId}-${file.id}/${file.filename}`,
      permalink: `https://${domain}.slack.com/files/${this.identity.botUserId}/${file.id}/${file.filename}`,
      channels: channelId ? [channelId] : [],
    };
  }
}
