/** Splitting what people type into words, with quotes for names that contain spaces. */

/**
 * Splits a command line into words. "double", 'single' and “curly” quotes group words; a
 * quote that is never closed runs to the end of the line rather than failing. An empty pair of
 * quotes is an empty word, so `habit add "" daily` is refused for its empty name, not renamed.
 */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"?|'([^']*)'?|“([^”]*)”?|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    const word = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
    words.push(match[4] !== undefined ? word : word.trim());
  }
  return words;
}

/** Joins words back into a line, quoting those that need it, so tokenize(quote(x)) gives x back. */
export function quote(words: string[]): string {
  return words
    .map((word) => (/[\s"']/.test(word) || word === '' ? `"${word.replace(/"/g, '')}"` : word))
    .join(' ');
}
