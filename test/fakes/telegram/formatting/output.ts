/** The plain text and entities a markup parser builds, and the error it throws. */
import type { MessageEntity } from 'telegraf/types';

/** A markup error; its message becomes the text after `Bad Request: can't parse entities: `. */
export class FormattingError extends Error {}

/** Telegram reports positions in the markup as UTF-8 byte offsets. */
export function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

export class Output {
  text = '';
  readonly entities: MessageEntity[] = [];

  /** Adds an entity from `start` (a UTF-16 offset into the output) to the current end. */
  close(start: number, entity: Record<string, unknown> & { type: string }): void {
    const length = this.text.length - start;
    // Telegram drops empty entities rather than failing.
    if (length > 0) this.entities.push({ ...entity, offset: start, length } as MessageEntity);
  }

  result(): { text: string; entities: MessageEntity[] } {
    return { text: this.text, entities: this.entities };
  }
}
