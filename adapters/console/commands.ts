/**
 * The console's command-line parsing: what was typed is the catalog's command line as it stands
 * (the core drops a leading slash), except a number alone, which presses that numbered button of
 * the last reply.
 */

/** A typed line as the core's input: the button it names by number, or the text. */
export function consoleInput(
  line: string,
  choices: readonly string[],
): { text: string } | { action: string } {
  const chosen = /^\d+$/.test(line) ? choices[Number(line) - 1] : undefined;
  return chosen ? { action: chosen } : { text: line };
}
