/**
 * Writes the platform manifests (manifest/slack.yaml, discord-commands.json,
 * telegram-commands.json) from the command catalog: `npm run manifest`. Files that did not change
 * are left alone, and what the catalog should fix at its source is printed as warnings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogWarnings, manifestFiles } from '../src/manifest/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function current(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

for (const warning of catalogWarnings()) console.warn(`warning: ${warning}`);
for (const file of manifestFiles()) {
  const path = join(root, file.path);
  if (current(path) === file.contents) {
    console.log(`unchanged ${file.path}`);
  } else {
    writeFileSync(path, file.contents);
    console.log(`wrote     ${file.path}`);
  }
}
