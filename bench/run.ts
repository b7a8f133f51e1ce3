/**
 * Runs every benchmark suite and prints one JSON object to stdout: the machine, each suite's
 * results, and every budget with whether it held. `--strict` makes a broken budget exit 1 (for
 * when a budget should gate a change); by default the run only reports, since timings on a shared
 * machine are noisy. To add a suite, add one entry to SUITES.
 */
import { cpus } from 'node:os';
import { benchCharts, chartBudgets } from './charts.js';
import { benchDomain, domainBudgets } from './domain.js';
import { benchHttp, httpBudgets } from './http.js';
import type { BudgetCheck } from './timing.js';

interface Suite {
  name: string;
  run(): Promise<unknown>;
  budgets(results: never): BudgetCheck[];
}

const SUITES: Suite[] = [
  { name: 'domain', run: () => benchDomain(), budgets: domainBudgets },
  { name: 'charts', run: () => benchCharts(), budgets: chartBudgets },
  { name: 'http', run: () => benchHttp(), budgets: httpBudgets },
];

async function main(): Promise<void> {
  const report: Record<string, unknown> = {
    machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length },
  };
  const budgets: (BudgetCheck & { suite: string })[] = [];
  for (const suite of SUITES) {
    const results = await suite.run();
    report[suite.name] = results;
    budgets.push(...suite.budgets(results as never).map((check) => ({ suite: suite.name, ...check })));
  }
  const ok = budgets.every((check) => check.ok);
  process.stdout.write(`${JSON.stringify({ ...report, budgets, ok }, null, 2)}\n`);
  if (!ok && process.argv.includes('--strict')) process.exitCode = 1;
}

await main();
