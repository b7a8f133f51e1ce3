/** Delivering an update to a webhook the way Telegram does: a JSON POST carrying the secret header. */
import { request } from 'node:http';
import type { Update } from 'telegraf/types';

export interface WebhookResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** POSTs `update` to a loopback `url`; refuses anything else so no test leaves the machine. */
export function postUpdate(
  url: string,
  update: Update,
  secretToken: string | undefined,
): Promise<WebhookResponse> {
  const target = new URL(url);
  if (target.protocol !== 'http:' || !LOOPBACK_HOSTS.has(target.hostname)) {
    return Promise.reject(new Error(`the fake delivers webhooks to http://127.0.0.1 only, not ${url}`));
  }
  const body = JSON.stringify(update);
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        // No keep-alive agent: a pooled socket would outlive the test and hold jest open.
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(secretToken !== undefined ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
