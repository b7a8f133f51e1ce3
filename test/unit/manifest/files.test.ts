/**
 * The committed manifests are the generated ones: change the catalog, run `npm run manifest`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../../src/commands/catalog.js';
import { catalogWarnings, manifestFiles, type ManifestCommand } from '../../../src/manifest/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function committed(path: string): string | undefined {
  try {
    return readFileSync(`${ROOT}${path}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first line where two texts differ, to say what is stale. */
function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const at = left.findIndex((line, i) => line !== right[i]);
  const line = at === -1 ? left.length : at;
  return `line ${line + 1}: committed ${JSON.stringify(left[line])}, generated ${JSON.stringify(right[line])}`;
}

describe('manifest files', () => {
  it.each(manifestFiles().map((file) => [file.path, file] as const))('%s is up to date', (path, file) => {
    const current = committed(path);
    if (current === undefined) throw new Error(`${path} is missing: run \`npm run manifest\` and commit it.`);
    if (current !== file.contents) {
      throw new Error(
        `${path} is out of date with the command catalog: run \`npm run manifest\` and commit it (${firstDifference(current, file.contents)}).`,
      );
    }
  });

  it('are written with stable formatting and a trailing newline', () => {
    const [first, second] = [manifestFiles(), manifestFiles()];
    expect(second).toEqual(first);
    for (const file of first) {
      expect(file.contents.endsWith('\n')).toBe(true);
      expect(file.contents.endsWith('\n\n')).toBe(false);
      if (file.path.endsWith('.json'))
        expect(`${JSON.stringify(JSON.parse(file.contents), null, 2)}\n`).toBe(file.contents);
    }
  });

  it('do not depend on hidden commands', () => {
    const withoutHidden = COMMANDS.filter((command) => !command.hidden);
    expect(manifestFiles(withoutHidden)).toEqual(manifestFiles());
  });
});

describe('catalogWarnings', () => {
  it('names repeated options and arguments that no option can carry', () => {
    const option = { name: 'habit', description: 'd', type: 'string' } as const;
    const commands: ManifestCommand[] = [
      { name: 'a', summary: 'x', usage: 'a <habit>', options: [option, option] },
      { name: 'b', summary: 'x', usage: 'b [all]', options: [] },
      { name: 'c', summary: 'x', usage: 'c', options: [] },
      { name: 'd', summary: 'x', usage: 'd [all]', options: [], hidden: true },
    ];
    const warnings = catalogWarnings(commands);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/"a" lists option "habit" more than once/);
    expect(warnings[1]).toMatch(/"b" takes arguments/);
  });
});
