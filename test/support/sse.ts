/** A client of Stride's server-sent event streams (/api/v1/me/events) that tests read from. */

export interface SseMessage {
  event?: string;
  data?: string;
  comment?: string;
}

export interface EventStream {
  response: Response;
  /** Reads until a message matches, failing after `timeoutMs`; returns every message so far. */
  until(match: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage[]>;
  received: SseMessage[];
  close(): void;
}

/** Opens the event stream at `url` as the owner of `token`. */
export async function openEventStream(url: string, token: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const received: SseMessage[] = [];
  const until = async (match: (message: SseMessage) => boolean, timeoutMs = 3000): Promise<SseMessage[]> => {
    const deadline = Date.now() + timeoutMs;
    while (!received.some(match)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message in ${JSON.stringify(received)}`);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(received)}`)), left);
      });
      const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
      if (chunk.done) throw new Error('the stream ended');
      buffer += chunk.value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        received.push(parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
      }
    }
    return received;
  };
  return { response, until, received, close: () => abort.abort() };
}

function parse(block: string): SseMessage {
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) message.event = line.slice(7);
    else if (line.startsWith('data: ')) message.data = line.slice(6);
  }
  return message;
}
