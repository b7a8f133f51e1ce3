/**
 * CPU time spent by processes, from Linux's /proc (user + system time): what a closed loop cost the
 * server, PostgreSQL and the load generator per request. On this 2-core VM requests/s move by a
 * third between runs; the CPU a request costs moves far less, so it shows what a change saved.
 * Where /proc cannot be read, the readings are undefined.
 */
import fs from 'node:fs';

/** Linux reports process times in USER_HZ ticks, 100 per second on every common build. */
const MS_PER_TICK = 10;

/** The CPU milliseconds process `pid` has used, or undefined when /proc does not tell. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return cpuOfStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The CPU milliseconds PostgreSQL has used: every running postgres process's, and those of the
 * backends that ended (a closed pool connection), which the server counts as its children's.
 */
export function postgresCpuMs(): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'postgres')
        total += cpuOfStat(stat, true);
    } catch {
      // Gone between the listing and the read: a backend that ended.
    }
  }
  return total;
}

/** This process's CPU milliseconds (the load generator, with the fake platforms it serves). */
export function selfCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Fields after the command's closing parenthesis: state is the first, then utime and stime are the
 * 12th and 13th, the ended children's cutime and cstime the 14th and 15th.
 */
function cpuOfStat(stat: string, withEndedChildren = false): number {
  const fields = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .map(Number);
  const own = fields[11]! + fields[12]!;
  return (withEndedChildren ? own + fields[13]! + fields[14]! : own) * MS_PER_TICK;
}
