/** sendPhoto: an uploaded file (multipart `photo` part), a file_id the fake handed out, or a URL. */
import type { PhotoSize } from 'telegraf/types';
import { badRequest } from '../errors.js';
import { photoSizesFor, photoSizesForUrl } from '../images.js';
import { isFilePart } from '../request-body.js';
import type { FakeState, MethodHandler } from '../state.js';
import type { Params } from '../types.js';
import { formattedText, sendFromBot } from './compose.js';

export const sendPhoto: MethodHandler = (params, { state }) => {
  const photo = photoFor(state, params);
  const caption = formattedText(params, 'caption');
  return sendFromBot(state, params, {
    photo,
    ...(caption
      ? { caption: caption.text, ...(caption.entities ? { caption_entities: caption.entities } : {}) }
      : {}),
    ...(params.has_spoiler === true || params.has_spoiler === 'true' ? { has_media_spoiler: true } : {}),
  });
};

function photoFor(state: FakeState, params: Params): PhotoSize[] {
  const value = params.photo;
  if (isFilePart(value)) {
    const sizes = photoSizesFor(value.bytes);
    // Every size's file_id can be sent again, and each resends the whole set.
    for (const size of sizes) state.photos.set(size.file_id, sizes);
    return sizes;
  }
  if (typeof value !== 'string' || value === '') throw badRequest('there is no photo in the request');
  if (/^https?:\/\//i.test(value)) return photoSizesForUrl();
  const known = state.photos.get(value);
  if (!known) throw badRequest('wrong file identifier/HTTP URL specified');
  return known;
}
