import { spawn } from 'node:child_process';
import { STRIDE_BIN, childEnv } from '../../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function chat(
  script: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [STRIDE_BIN, 'chat', ...args], {
      env: childEnv({ DATABASE_URL: database.url }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

describe('stride chat', () => {
  it('is driven by a script with --json: one reply per line, buttons pressed by number', async () => {
    const script = ['habit add Read daily 20 pages', 'today', '1', 'stats read', 'export', ''].join('\n');
    const result = await chat(script, ['--user', 'Ada', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const replies = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(replies.map((r) => r.text.split('\n')[0])).toEqual([
      expect.stringContaining('Added **Read**'),
      expect.stringMatching(/^\*\*Today, \d{4}-\d{2}-\d{2}\*\* · 0 of 1 done$/),
      expect.stringContaining('**Read** done for today'),
      '**Read**',
      expect.stringContaining('📦 Your data: 1 habit, 1 log'),
    ]);
    expect(replies[1].actions[0]).toMatchObject({ label: '✓ Read', style: 'primary' });
    expect(Buffer.from(replies[3].image.png, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(JSON.parse(replies[4].file.content).habits[0].name).toBe('Read');
  });

  it('renders plain text with numbered buttons without --json', async () => {
    const result = await chat('habit add Walk\ntoday\nhelp done\n', ['--user', 'Bo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[1] ✓ Walk  [2] Skip Walk');
    expect(result.stdout).toContain('Usage: done <habit> [date] [amount [unit]] [note: …]');
    expect(result.stdout).not.toContain('**');
  });
});
