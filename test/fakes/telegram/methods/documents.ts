/** sendDocument: an uploaded file (multipart `document` part) becomes a Message with a Document. */
import { randomBytes } from 'node:crypto';
import { badRequest } from '../errors.js';
import { isFilePart } from '../request-body.js';
import type { MethodHandler } from '../state.js';
import { formattedText, sendFromBot } from './compose.js';

export const sendDocument: MethodHandler = (params, { state }) => {
  const file = params.document;
  if (!isFilePart(file)) throw badRequest('there is no document in the request');
  if (file.bytes.length === 0) throw badRequest('file must be non-empty');
  const caption = formattedText(params, 'caption');
  return sendFromBot(state, params, {
    document: {
      file_id: `BQAC${randomBytes(12).toString('base64url')}`,
      file_unique_id: randomBytes(6).toString('base64url'),
      file_name: file.filename,
      mime_type: file.contentType ?? 'application/octet-stream',
      file_size: file.bytes.length,
    },
    ...(caption
      ? { caption: caption.text, ...(caption.entities ? { caption_entities: caption.entities } : {}) }
      : {}),
  });
};
