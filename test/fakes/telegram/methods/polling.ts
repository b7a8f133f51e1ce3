/** getUpdates: long polling over the fake's update queue. */
import { conflict } from '../errors.js';
import { optionalInteger, optionalJson } from '../params.js';
import type { MethodHandler } from '../state.js';

export const getUpdates: MethodHandler = async (params, { state, signal }) => {
  if (state.webhook.url) {
    throw conflict(
      "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  return state.updates.poll(
    {
      offset: optionalInteger(params, 'offset'),
      limit: optionalInteger(params, 'limit'),
      timeout: optionalInteger(params, 'timeout'),
      allowedUpdates: optionalJson<string[]>(params, 'allowed_updates'),
    },
    signal,
  );
};
