// The README's tour, run top to bottom in a fresh directory against the embedded cloud and cluster served on loopback.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { startDemoCluster, type DemoCluster } from '../../src/democluster/index.js';
import { PACKAGE_ROOT } from '../../src/core/version.js';
import { tempDir } from '../helpers/tmp.js';

interface TourStep {
  command: string;
  exit: number;
  /** Runs until Ctrl-C (a server): started, checked, interrupted. */
  serves: boolean;
}

/** The first `sh` block under "## A short tour": one command a line; its `# comment` says `exit N` when that is not 0. */
export function tourSteps(readme: string): TourStep[] {
  const section = readme.slice(readme.indexOf('## A short tour'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .map((line) => {
      const hash = line.search(/\s#\s/);
      const command = (hash < 0 ? line : line.slice(0, hash)).trim();
      const comment = hash < 0 ? '' : line.slice(hash);
      const exit = /\bexit (\d+)/.exec(comment);
      return { command, exit: exit ? Number(exit[1]) : 0, serves: /until Ctrl-C/.test(comment) };
    });
}

const dir = tempDir('scs-cert-tour-');
const work = join(dir, 'work');
let cloud: DemoCloud;
let cluster: DemoCluster;
const steps = tourSteps(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8'));

function env(): NodeJS.ProcessEnv {
  return {
    HOME: join(dir, 'home'),
    PATH: `${join(dir, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`,
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
}

function runBash(command: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd: work, env: env() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  mkdirSync(work, { recursive: true });
  mkdirSync(join(dir, 'home'), { recursive: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  // `scs-cert` on PATH, as `npm link` puts it there
  const shim = join(dir, 'bin', 'scs-cert');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${join(PACKAGE_ROOT, 'bin/scs-cert.js')}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  cloud = await startDemoCloud();
  cluster = await startDemoCluster();
  writeFileSync(join(work, 'clouds.yaml'), stringify({ clouds: { mycloud: cloud.cloudConfig } }));
  writeFileSync(join(work, 'kubeconfig.yaml'), cluster.kubeconfigYaml);
  const sample = join(PACKAGE_ROOT, 'demo/sonobuoy/conformance-passed');
  copyFileSync(
    join(
      sample,
      readdirSync(sample).find((f) => f.endsWith('.tar.gz'))!,
    ),
    join(work, 'results.tar.gz'),
  );
  writeFileSync(
    join(work, 'fleet.yaml'),
    stringify({
      defaults: { scope: 'scs-compatible-iaas', tests: 'scs-0100' },
      subjects: [
        { name: 'mycloud', cloud: 'mycloud' },
        { name: 'demo', demo: true },
      ],
    }),
  );
}, 60_000);
afterAll(async () => {
  await cloud?.stop();
  await cluster?.stop();
});

describe('README tour', () => {
  it('has the commands it promises', () => {
    expect(steps.length).toBeGreaterThanOrEqual(15);
    expect(steps.every((s) => s.command.startsWith('scs-cert '))).toBe(true);
  });

  // In order: later commands use what earlier ones wrote (reports/, broken/, saved/, rec/).
  for (const [i, step] of steps.entries()) {
    it(`${i + 1}. ${step.command} → exit ${step.serves ? '0 on Ctrl-C' : step.exit}`, async () => {
      if (step.serves) {
        const child = spawn('bash', ['-c', `exec ${step.command}`], { cwd: work, env: env() });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`no 'Stop with Ctrl-C' within 60 s:\n${out}`)), 60_000);
          child.stdout.on('data', () => {
            if (/Stop with Ctrl-C/.test(out)) {
              clearTimeout(t);
              resolve();
            }
          });
        });
        child.kill('SIGINT');
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(code, out).toBe(0);
        return;
      }
      // Asynchronously: the cloud and cluster answering these commands live in this process.
      const r = await runBash(step.command);
      expect(r.status, `${step.command}\n${r.stdout}\n${r.stderr}`).toBe(step.exit);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }, 300_000);
  }
});
