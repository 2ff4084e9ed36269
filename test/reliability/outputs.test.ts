// Reports are never lost, replaced or mislabelled: -o is checked before the run, files are created exclusively,
// a failed write falls back, and every report says where its data came from (live, replay, artifacts, demo).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { checkOutput, resolveOutput, writeReports } from '../../src/cli/output.js';
import { DEMO_CREDENTIALS, startDemoCloud, type DemoCloud } from '../../src/democloud/index.js';
import { preflightReport, UploadRefusedError } from '../../src/attest/upload.js';
import type { ConformanceReport } from '../../src/results/report.js';
import { getAjv, SCHEMA_ID } from '../../src/standards/schemas.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const DEMO_RUN = ['run', 'scs-compatible-iaas', '--demo', '-t', 'scs-0100-', '-q'];

let cloud: DemoCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

function jsonReports(dir: string): ConformanceReport[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ConformanceReport);
}

describe('the output location', () => {
  it('an impossible -o fails at once with exit 64, before the run', async () => {
    for (const o of ['/proc/x', '/proc/x/', '/proc/x.yaml', '/dev/null/x']) {
      const started = Date.now();
      const r = await runCli([...DEMO_RUN, '-v', '-o', o].filter((a) => a !== '-q'));
      expect(r.code, o).toBe(64);
      expect(r.stderr).toMatch(/scs-cert: cannot (create|write)/);
      // Nothing was started: the embedded cloud never listened.
      expect(r.stderr).not.toMatch(/listening/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(Date.now() - started).toBeLessThan(20_000);
    }
  });

  it('-o FILE.ext writes exactly that file in the format of its extension, and never replaces it', async () => {
    const dir = tempDir();
    for (const [name, check] of [
      ['r.yaml', (t: string) => expect(parseYaml(t).spec.uuid).toBeTruthy()],
      ['r.yml', (t: string) => expect(parseYaml(t).run.uuid).toBeTruthy()],
      ['r.json', (t: string) => expect(JSON.parse(t).kind).toBe('scs-cert/report')],
      ['r.xml', (t: string) => expect(t).toMatch(/^<\?xml/)],
      ['r.md', (t: string) => expect(t).toMatch(/^# /)],
    ] as const) {
      const r = await runCli([...DEMO_RUN, '-o', name], { cwd: dir });
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      check(readFileSync(join(dir, name), 'utf8'));
    }
    expect(readdirSync(dir).sort()).toEqual(['r.json', 'r.md', 'r.xml', 'r.yaml', 'r.yml']);
    const before = readFileSync(join(dir, 'r.yaml'), 'utf8');
    const again = await runCli([...DEMO_RUN, '-o', 'r.yaml'], { cwd: dir });
    expect(again.code).toBe(64);
    expect(again.stderr).toMatch(/exists already; scs-cert never overwrites a report/);
    expect(readFileSync(join(dir, 'r.yaml'), 'utf8')).toBe(before);
    const mixed = await runCli([...DEMO_RUN, '-o', 'other.md', '-f', 'json,yaml'], { cwd: dir });
    expect(mixed.code).toBe(64);
  });

  it('never follows a symlink placed at the report name', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'victim'), join(dir, 'r.json'));
    const r = await runCli([...DEMO_RUN, '-o', 'r.json'], { cwd: dir });
    expect(r.code).toBe(64);
    expect(existsSync(join(dir, 'victim'))).toBe(false);
  });

  it('falls back to a fresh directory when the final write fails, and says where', async () => {
    const dir = tempDir();
    expect((await runCli([...DEMO_RUN, '-o', 'seed/'], { cwd: dir })).code).toBe(0);
    const [report] = jsonReports(join(dir, 'seed'));
    const target = resolveOutput(join(dir, 'out/'), '/');
    checkOutput(target);
    // The directory vanishes and a file takes its name while the run is going on.
    rmSync(join(dir, 'out'), { recursive: true });
    writeFileSync(join(dir, 'out'), 'not a directory');
    const written = writeReports(report!, target, ['json', 'yaml']);
    expect(written.fallback?.reason).toMatch(/out/);
    expect(written.files).toHaveLength(2);
    for (const f of written.files) expect(f.startsWith(written.fallback!.dir)).toBe(true);
    rmSync(written.fallback!.dir, { recursive: true, force: true });
  });

  it('refuses --record or --save-artifacts into a directory that holds another run', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'rec'));
    writeFileSync(join(dir, 'rec', 'run.json'), '{}');
    const r = await runCli([...DEMO_RUN, '-o', 'out/', '--record', 'rec'], { cwd: dir });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--record .* is not empty/);
    const a = await runCli([...DEMO_RUN, '-o', 'out/', '--save-artifacts', 'rec'], { cwd: dir });
    expect(a.code).toBe(64);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  });
});

describe('provenance', () => {
  it('evaluate --from gets its own name, leaves the original alone and says replay', async () => {
    const dir = tempDir();
    const live = await runCli([...DEMO_RUN, '-o', 'out/', '--record', 'rec'], { cwd: dir });
    expect(live.code).toBe(0);
    const original = readdirSync(join(dir, 'out'));
    const originalJson = readFileSync(
      join(
        dir,
        'out',
        original.find((f) => f.endsWith('.json'))!,
      ),
      'utf8',
    );
    await new Promise((r) => setTimeout(r, 1100));
    const replay = await runCli(
      ['evaluate', 'scs-compatible-iaas', '--from', 'rec', '-t', 'scs-0100-', '-q', '-o', 'out/'],
      {
        cwd: dir,
      },
    );
    expect(replay.code, replay.stderr).toBe(0);
    const files = readdirSync(join(dir, 'out'));
    expect(files).toHaveLength(8);
    expect(
      readFileSync(
        join(
          dir,
          'out',
          original.find((f) => f.endsWith('.json'))!,
        ),
        'utf8',
      ),
    ).toBe(originalJson);
    const reports = jsonReports(join(dir, 'out'));
    const kinds = reports.map((r) => r.provenance.source).sort();
    expect(kinds).toEqual(['live', 'replay']);
    for (const r of reports) expect(r.provenance.demo).toBe(true);
    const validate = getAjv().getSchema(SCHEMA_ID.report)!;
    for (const r of reports) expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
    const yaml = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.yaml'));
    for (const y of yaml) {
      const doc = parseYaml(readFileSync(join(dir, 'out', y), 'utf8'));
      expect(doc['x-scs-cert-provenance'].demo).toBe(true);
      expect(doc['x-scs-cert-demo']).toBeTruthy();
    }
    const md = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.md'));
    expect(
      md.map((m) => readFileSync(join(dir, 'out', m), 'utf8').match(/- Data: (\w+)/)?.[1]).sort(),
    ).toEqual(['live', 'replay']);
    const xml = readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.junit.xml'));
    for (const x of xml)
      expect(readFileSync(join(dir, 'out', x), 'utf8')).toMatch(/name="demo" value="true"/);
  });

  it('demo artifacts evaluated under another subject name stay a demo', async () => {
    const dir = tempDir();
    expect((await runCli([...DEMO_RUN, '-o', 'out/', '--save-artifacts', 'art'], { cwd: dir })).code).toBe(0);
    const r = await runCli(
      [
        'evaluate',
        'scs-compatible-iaas',
        '--artifacts',
        'art',
        '-s',
        'prod-cloud',
        '-t',
        'scs-0100-',
        '-q',
        '-o',
        'ev/',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const [report] = jsonReports(join(dir, 'ev'));
    expect(report!.subject.name).toBe('prod-cloud');
    expect(report!.provenance).toMatchObject({ source: 'artifacts', demo: true });
  });

  it('a served demo cloud certified under another name is marked demo (the marker on the wire)', async () => {
    cloud = await startDemoCloud();
    const dir = tempDir();
    const c = DEMO_CREDENTIALS;
    writeFileSync(
      join(dir, 'clouds.yaml'),
      `clouds:\n  prod-cloud:\n    auth:\n      auth_url: ${cloud.authUrl}\n      username: ${c.user}\n      password: ${c.password}\n      project_name: ${c.project}\n      user_domain_name: ${c.domain}\n      project_domain_name: ${c.domain}\n    region_name: RegionOne\n`,
    );
    const r = await runCli(
      ['run', 'scs-compatible-iaas', '--os-cloud', 'prod-cloud', '-t', 'scs-0100-', '-q', '-o', 'out/'],
      { cwd: dir, env: { OS_CLIENT_CONFIG_FILE: join(dir, 'clouds.yaml'), HOME: dir } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/embedded demo cloud/);
    const [report] = jsonReports(join(dir, 'out'));
    expect(report!.subject.demo).toBe(true);
    expect(report!.provenance).toMatchObject({ source: 'live', demo: true });
  });

  it('upload refuses a report not gathered live unless allowed, and never a demo', () => {
    const doc = (prov: string) =>
      Buffer.from(
        `---\nspec:\n  uuid: u\nchecked_at: 2026-01-01 00:00:00\nsubject: s\nrun:\n  uuid: r\n  invocations: {}\n${prov}`,
      );
    expect(() =>
      preflightReport(doc('x-scs-cert-provenance:\n  source: replay\n  demo: false\n'), 'r.yaml'),
    ).toThrow(/not gathered live .*--allow-not-live/);
    const allowed = preflightReport(
      doc('x-scs-cert-provenance:\n  source: artifacts\n  demo: false\n'),
      'r.yaml',
      {
        allowNotLive: true,
      },
    );
    expect(allowed.notLive).toEqual(['document 1: artifacts']);
    expect(() =>
      preflightReport(doc('x-scs-cert-provenance:\n  source: live\n  demo: true\n'), 'r.yaml', {
        allowNotLive: true,
      }),
    ).toThrow(UploadRefusedError);
    expect(
      preflightReport(doc('x-scs-cert-provenance:\n  source: live\n  demo: false\n'), 'r.yaml').notLive,
    ).toEqual([]);
  });
});
