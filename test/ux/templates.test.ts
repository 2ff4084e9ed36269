// CI templates validate against their published schemas (subsets in test/fixtures/ci-schemas/); the Containerfile is linted.
/* eslint-disable @typescript-eslint/no-explicit-any -- foreign YAML documents, navigated by the paths each format defines */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/version.js';

const root = (p: string) => join(PACKAGE_ROOT, p);
const yamlOf = (p: string): unknown => parse(readFileSync(root(p), 'utf8'));

function validator(schema: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(root(`test/fixtures/ci-schemas/${schema}`), 'utf8')) as object);
}

const CASES = [
  {
    name: 'GitHub Actions workflow',
    file: 'templates/github-actions/scs-cert.yml',
    schema: 'github-workflow.subset.json',
    // a typo a schema must catch
    break: (d: any) => {
      d.jobs.certify['runs_on'] = d.jobs.certify['runs-on'];
      delete d.jobs.certify['runs-on'];
    },
    runs: (d: any) => d.jobs.certify.steps.map((s: any) => s.run ?? '').join('\n'),
  },
  {
    name: 'GitLab CI job',
    file: 'templates/gitlab-ci/scs-cert.gitlab-ci.yml',
    schema: 'gitlab-ci.subset.json',
    break: (d: any) => {
      d['scs-cert'].artifacts.when = 'sometimes';
    },
    runs: (d: any) => d['scs-cert'].script.join('\n'),
  },
  {
    name: 'Zuul job',
    file: 'templates/zuul/zuul.d/scs-cert.yaml',
    schema: 'zuul.subset.json',
    break: (d: any) => {
      d[0].job.timeout = '3h';
    },
    runs: () => readFileSync(root('templates/zuul/playbooks/scs-cert-fleet.yaml'), 'utf8'),
  },
  {
    name: 'Kubernetes CronJob',
    file: 'templates/kubernetes/cronjob.yaml',
    schema: 'k8s-batch-v1-cronjob.subset.json',
    break: (d: any) => {
      d.spec.concurrencyPolicy = 'Never';
    },
    runs: (d: any) => `scs-cert ${d.spec.jobTemplate.spec.template.spec.containers[0].args.join(' ')}`,
  },
];

describe.each(CASES)('$name', (c) => {
  it('validates against its published schema, and the schema catches a broken copy', () => {
    const validate = validator(c.schema);
    const doc = yamlOf(c.file);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(doc);
    c.break(broken);
    expect(validate(broken)).toBe(false);
  });
  it('certifies with scs-cert fleet and has a README', () => {
    expect(c.runs(yamlOf(c.file))).toMatch(/scs-cert fleet \S+/);
    const readme = join(c.file.split('/').slice(0, 2).join('/'), 'README.md');
    expect(existsSync(root(readme))).toBe(true);
    expect(readFileSync(root(readme), 'utf8')).toMatch(/sign/);
  });
});

describe('Zuul playbook', () => {
  it('is one YAML play list that never logs the credentials', () => {
    const docs = parseAllDocuments(
      readFileSync(root('templates/zuul/playbooks/scs-cert-fleet.yaml'), 'utf8'),
    );
    expect(docs).toHaveLength(1);
    expect(docs[0]!.errors).toEqual([]);
    const plays = docs[0]!.toJS() as Array<{ tasks: Array<Record<string, unknown>> }>;
    const write = plays[0]!.tasks.find((t) => t.name === 'Write credentials')!;
    expect(write.no_log).toBe(true);
  });
});

describe('Containerfile', () => {
  const text = readFileSync(root('templates/container/Containerfile'), 'utf8');
  // Instructions with their continuation lines joined, comments dropped.
  const instructions = text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
  const KNOWN = [
    'FROM',
    'WORKDIR',
    'COPY',
    'RUN',
    'LABEL',
    'ENV',
    'USER',
    'ENTRYPOINT',
    'CMD',
    'ARG',
    'EXPOSE',
  ];

  it('uses only known instructions, each stage from a Node LTS image', () => {
    for (const i of instructions) expect(KNOWN, i.op).toContain(i.op);
    const froms = instructions.filter((i) => i.op === 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThan(0);
    for (const f of froms) {
      const m = /^docker\.io\/library\/node:(\d+)-[a-z]+-slim\b/.exec(f);
      expect(m, f).not.toBeNull();
      expect(Number(m![1]) % 2, 'Node LTS lines are the even majors').toBe(0);
      expect(Number(m![1])).toBeGreaterThanOrEqual(20);
    }
  });

  it('runs as a non-root user with the CLI as exec-form entrypoint', () => {
    const lastFrom = instructions.map((i) => i.op).lastIndexOf('FROM');
    const final = instructions.slice(lastFrom);
    const user = final.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(user.length).toBeGreaterThan(0);
    expect(user.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const entry = final.filter((i) => i.op === 'ENTRYPOINT');
    expect(entry).toHaveLength(1);
    expect(JSON.parse(entry[0]!.args)).toEqual(['scs-cert']);
    expect(final.findIndex((i) => i.op === 'USER')).toBeLessThan(
      final.findIndex((i) => i.op === 'ENTRYPOINT'),
    );
  });

  it('copies only what exists in the repository, installs the packed tarball without dev dependencies', () => {
    for (const c of instructions.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))) {
      const parts = c.args.split(/\s+/);
      for (const src of parts.slice(0, -1)) expect(existsSync(root(src)), src).toBe(true);
    }
    expect(instructions.some((i) => i.op === 'ADD')).toBe(false);
    const runs = instructions.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.join('\n')).toMatch(/npm ci\b.*npm pack/);
    expect(runs.join('\n')).toMatch(/npm install -g --omit=dev .*scs-cert-\*\.tgz/);
  });

  it('copies every file `npm ci` builds from (the build scripts, bin/ with its package.json)', () => {
    const copied = instructions
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((c) => c.args.split(/\s+/).slice(0, -1));
    const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts: Record<string, string> };
    const read = [...pkg.scripts['build']!.matchAll(/node ([\w.-]+\/[\w./-]+)/g)].map(
      (m) => m[1]!.split('/')[0]!,
    );
    expect(read.length).toBeGreaterThan(0);
    for (const top of new Set(['bin', 'src', 'standards', 'schemas', ...read]))
      expect(copied, top).toContain(top);
  });

  it('its README says plainly that the image was not built here', () => {
    expect(readFileSync(root('templates/container/README.md'), 'utf8')).toMatch(
      /\*\*This image was not built here\*\*/,
    );
  });
});
