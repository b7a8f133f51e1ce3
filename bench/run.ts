/**
 * Runs the benchmark suites and prints one JSON object to stdout: the machine, each suite's
 * results, and every budget with whether it held. `npm run bench -- jobs http` runs only the suites
 * named; none named runs them all. `--strict` makes a broken budget exit 1 (for when a budget
 * should gate a change); by default the run only reports, since timings on a shared machine are
 * noisy. To add a suite, add one entry to SUITES.
 */
import { cpus } from 'node:os';
import { benchCharts, chartBudgets } from './charts.js';
import { benchDomain, domainBudgets } from './domain.js';
import { benchHttp, httpBudgets } from './http.js';
import { benchJobs, jobBudgets } from './jobs.js';
import type { BudgetCheck } from './timing.js';
import { benchWarehouse, warehouseBudgets } from './warehouse.js';

interface Suite {
  name: string;
  run(): Promise<unknown>;
  budgets(results: never): BudgetCheck[];
}

const SUITES: Suite[] = [
  { name: 'domain', run: () => benchDomain(), budgets: domainBudgets },
  { name: 'charts', run: () => benchCharts(), budgets: chartBudgets },
  { name: 'http', run: () => benchHttp(), budgets: httpBudgets },
  { name: 'jobs', run: () => benchJobs(), budgets: jobBudgets },
  { name: 'warehouse', run: () => benchWarehouse(), budgets: warehouseBudgets },
];

/** The suites named on the command line (all when none is), or undefined after a usage error. */
function selectedSuites(args: readonly string[]): Suite[] | undefined {
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !SUITES.some((suite) => suite.name === name));
  if (unknown.length) {
    process.stderr.write(
      `Unknown benchmark suite ${unknown.map((name) => `"${name}"`).join(', ')}. ` +
        `Suites: ${SUITES.map((suite) => suite.name).join(', ')}.\n` +
        `Usage: npm run bench [-- [--strict] [suite ...]]\n`,
    );
    return undefined;
  }
  return names.length ? SUITES.filter((suite) => names.includes(suite.name)) : SUITES;
}

async function main(): Promise<void> {
  const suites = selectedSuites(process.argv.slice(2));
  if (!suites) {
    process.exitCode = 2;
    return;
  }
  const report: Record<string, unknown> = {
    machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length },
  };
  const budgets: (BudgetCheck & { suite: string })[] = [];
  for (const suite of suites) {
    const results = await suite.run();
    report[suite.name] = results;
    budgets.push(...suite.budgets(results as never).map((check) => ({ suite: suite.name, ...check })));
  }
  const ok = budgets.every((check) => check.ok);
  process.stdout.write(`${JSON.stringify({ ...report, budgets, ok }, null, 2)}\n`);
  if (!ok && process.argv.includes('--strict')) process.exitCode = 1;
}

await main();
