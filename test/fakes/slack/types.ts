/** Shapes the fake records and accepts; shared by its modules and by tests. */
import type { IncomingHttpHeaders } from 'node:http';

/** A file part of a multipart body. */
export interface UploadedPart {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** A parsed request body: form and multipart values are strings (or file parts), JSON keeps its types. */
export type RequestBody = Record<string, any>;

/** One Web API call as the fake received it. */
export interface RecordedCall {
  /** The Web API method, e.g. `chat.postMessage`. */
  method: string;
  /**
   * The arguments. Form values arrive as strings; the fields Slack itself reads as JSON
   * (`blocks`, `attachments`, `view`, `files`, …) are decoded, so `body.blocks[0].type` works.
   */
  body: RequestBody;
  headers: IncomingHttpHeaders;
  /** The token from `Authorization: Bearer …` or, failing that, the `token` argument. */
  token: string | undefined;
  at: Date;
}

export type { UnexpectedRequest as UnexpectedCall } from '../shared/call-recorder.js';

/** Bytes POSTed to an upload URL that files.getUploadURLExternal handed out. */
export interface RecordedUpload {
  fileId: string;
  /** The filename declared to files.getUploadURLExternal. */
  filename: string;
  /** The length declared to files.getUploadURLExternal. */
  declaredLength: number;
  bytes: Buffer;
  /** The request's Content-Type (the SDK sends multipart/form-data with one file part). */
  contentType: string;
  headers: IncomingHttpHeaders;
  at: Date;
}

/** A failure to serve instead of the next call to a method. */
export type Failure =
  /** HTTP 429 with `Retry-After: retryAfter` and `{ok:false, error:'ratelimited'}`. */
  | { status: 429; retryAfter: number }
  /** HTTP 200 with `{ok:false, error}`, as Slack reports every platform error. */
  | { error: string };

/** A user as users.info returns it; unknown ids get a generated one. */
export interface FakeSlackUser {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  tz_label: string;
  /** Seconds east of UTC. */
  tz_offset: number;
  /** Only returned when the call passes `include_locale: true`, as Slack does. */
  locale: string;
  is_bot: boolean;
  deleted: boolean;
  /** A workspace admin; Stride lets admins and owners set up groups. */
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  email?: string;
}

/** How the fake's parts record something in `unexpectedCalls`. */
export type Report = (request: string, reason: string, body?: unknown) => void;
