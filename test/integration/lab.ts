// Access to the real OpenStack lab for the integration tests: its clouds.yaml, seeding scenarios, running scs-cert.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../../src/results/report.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { runCli } from '../helpers/cli.js';

export const LAB_DIR = process.env.SCS_LAB_DIR ?? join(PACKAGE_ROOT, 'test/lab/openstack');

/** The lab's client environment (OS_CLIENT_CONFIG_FILE, OS_CLIENT_SECURE_FILE), from state/lab.env. */
export function labEnv(): NodeJS.ProcessEnv {
  const file = process.env.SCS_LAB_ENV ?? join(LAB_DIR, 'state/lab.env');
  if (!existsSync(file)) {
    throw new Error(
      `no lab environment at ${file}: start the lab with test/lab/openstack/up (and seed baseline) first`,
    );
  }
  const env: NodeJS.ProcessEnv = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!.replace(/^['"]|['"]$/g, '');
  }
  return env;
}

/** Seeds a scenario (`baseline`, `reset` or a scenario name) through the lab's own script. */
export function seed(scenario: string): void {
  execFileSync(join(LAB_DIR, 'seed'), [scenario], { stdio: 'pipe', timeout: 10 * 60_000 });
}

export interface RunResult {
  code: number;
  stderr: string;
  report: ConformanceReport;
  outcomes: Record<string, string>;
  dir: string;
}

let n = 0;
export async function runScsCert(
  outRoot: string,
  args: string[],
  env: NodeJS.ProcessEnv = labEnv(),
): Promise<RunResult> {
  const dir = join(outRoot, `run-${++n}`);
  // The scope's own testcases unless a test asks for scs-cert's advisory ones (`--tests` naming them, no --no-extensions).
  const ext = args.includes('--with-extensions') ? [] : ['--no-extensions'];
  const rest = args.filter((a) => a !== '--with-extensions');
  const r = await runCli(['run', 'scs-compatible-iaas', '-q', ...ext, '-f', 'json', '-o', dir, ...rest], {
    env,
  });
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.json')) : undefined;
  if (!file) throw new Error(`scs-cert wrote no report (exit ${r.code}): ${r.stderr}`);
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ConformanceReport;
  return { code: r.code, stderr: r.stderr, report, outcomes: outcomes(report), dir };
}

export function outcomes(report: ConformanceReport): Record<string, string> {
  return Object.fromEntries(report.testcases.map((t) => [t.id, t.outcome]));
}

export function ids(report: ConformanceReport, outcome: string): string[] {
  return report.testcases
    .filter((t) => t.outcome === outcome)
    .map((t) => t.id)
    .sort();
}
