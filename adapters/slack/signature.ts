/**
 * Slack's request signing (api.slack.com/authentication/verifying-requests-from-slack): every
 * request carries `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` under the signing secret.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed more than five minutes from now is refused. */
export const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a request's signature and age. Unlike Bolt's verifySlackRequest this also refuses
 * timestamps from the future, which a replayed request with a forged clock could otherwise use.
 */
export function checkSlackSignature(
  signingSecret: string,
  rawBody: Buffer,
  headers: { signature: string | undefined; timestamp: string | undefined },
  nowMs = Date.now(),
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'malformed timestamp' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: 'stale timestamp' };
  }
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  // timingSafeEqual needs equal lengths; a length mismatch is already a mismatch.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return { ok: true };
}
