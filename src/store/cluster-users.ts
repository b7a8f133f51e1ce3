/**
 * Who uses the embedded PostgreSQL of a data directory: one file per user under
 * `postgres-users/`, named by its process id, and a lock file (`postgres.lock`) taken while a
 * process starts, joins or leaves the server. A process that died without leaving (killed, crashed)
 * is recognised by its process being gone, and ignored; its files are removed by the next one.
 *
 * A process id can be reused; on Linux each file also records when its process started, so a new
 * process that happens to get a dead user's id is not taken for it.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/** How long a process waits for the lock: a first start creates the cluster, which takes a while. */
const LOCK_WAIT_MS = 120_000;
const LOCK_POLL_MS = 100;

/** Files this process holds, removed at exit however it exits (the others see a dead process anyway). */
const held = new Set<string>();
let removeAtExit = false;
let joined = 0;

export class ClusterUsers {
  private readonly usersDir: string;
  private readonly lockFile: string;

  constructor(dataDir: string) {
    this.usersDir = path.join(dataDir, 'postgres-users');
    this.lockFile = path.join(dataDir, 'postgres.lock');
  }

  /** Runs `work` holding the lock; waits while a live process holds it, breaks a dead one's. */
  async withLock<T>(work: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        await fs.writeFile(this.lockFile, identity(process.pid), { flag: 'wx' });
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = await fs.readFile(this.lockFile, 'utf8').catch(() => '');
      if (holder && !isLive(holder)) {
        // Read again just before removing: another process may have broken it and taken it since.
        if ((await fs.readFile(this.lockFile, 'utf8').catch(() => '')) === holder)
          await fs.rm(this.lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(
          `another Stride process (${holder.split(' ')[0] || 'unknown'}) has held ${this.lockFile} for over ${LOCK_WAIT_MS / 1000} s`,
        );
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
    hold(this.lockFile);
    try {
      return await work();
    } finally {
      release(this.lockFile);
      await fs.rm(this.lockFile, { force: true });
    }
  }

  /** Records this process as a user (call with the lock held); returns its entry for `leave`. */
  async join(): Promise<string> {
    await fs.mkdir(this.usersDir, { recursive: true });
    // Unique per call: a process may open the database twice (tests do), and leave once each.
    const entry = path.join(this.usersDir, `${process.pid}-${++joined}`);
    await fs.writeFile(entry, identity(process.pid));
    hold(entry);
    return entry;
  }

  /** Removes this process's entry (call with the lock held). */
  async leave(entry: string): Promise<void> {
    release(entry);
    await fs.rm(entry, { force: true });
  }

  /** How many live processes use the server; the entries of dead ones are removed on the way. */
  async count(): Promise<number> {
    const names = await fs.readdir(this.usersDir).catch(() => [] as string[]);
    let live = 0;
    for (const name of names) {
      const entry = path.join(this.usersDir, name);
      const recorded = await fs.readFile(entry, 'utf8').catch(() => '');
      if (recorded && isLive(recorded)) live++;
      else await fs.rm(entry, { force: true });
    }
    return live;
  }
}

function hold(file: string): void {
  held.add(file);
  if (removeAtExit) return;
  removeAtExit = true;
  process.on('exit', () => {
    for (const entry of held) {
      try {
        unlinkSync(entry);
      } catch {
        // Gone already.
      }
    }
  });
}

function release(file: string): void {
  held.delete(file);
}

/** "pid start-time" of a process (start time on Linux only; empty elsewhere). */
function identity(pid: number): string {
  return `${pid} ${startTime(pid) ?? ''}`.trim();
}

/** Whether the process a recorded identity names still runs (and is the same process). */
function isLive(recorded: string): boolean {
  const [pidText, started] = recorded.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTime(pid);
  return !started || now === undefined || now === started;
}

/** When a process started, in clock ticks since boot (field 22 of /proc/PID/stat); Linux only. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
