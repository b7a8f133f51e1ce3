/** A command was used wrongly: the member gets this message with the command's usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** One answer to a question the parser asks: a button label and how it rewrites the command's words. */
export interface Choice {
  label: string;
  /** The command's words (after its name) as they would be with this answer. */
  rewrite(words: string[]): string[];
}

/**
 * The words could mean more than one thing ("03/04", two habits called "Run…"), or mean something
 * unusual enough to confirm (1,000 times the target). The member is asked, with one button per
 * answer; nothing is written until one is pressed.
 */
export class ChoiceError extends UsageError {
  constructor(
    message: string,
    readonly choices: Choice[],
  ) {
    super(message);
    this.name = 'ChoiceError';
  }
}

/** A rewrite that puts `replacement` where the words `token` stand (the first time they do). */
export function replaceWords(
  token: readonly string[],
  replacement: readonly string[],
): (words: string[]) => string[] {
  return (words) => {
    for (let i = 0; i + token.length <= words.length; i++) {
      if (token.every((word, k) => words[i + k] === word))
        return [...words.slice(0, i), ...replacement, ...words.slice(i + token.length)];
    }
    return words;
  };
}

/** A rewrite that adds words at the end (e.g. `confirm`). */
export function appendWords(...extra: string[]): (words: string[]) => string[] {
  return (words) => [...words, ...extra];
}
