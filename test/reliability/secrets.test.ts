// Plants secrets everywhere a cloud can echo them and greps every output of a run (console, reports,
// recordings, saved artifacts) for them: the redaction layer must leave 0 hits.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_CREDENTIALS,
  startDemoCloud,
  type DemoCloud,
  type FaultRule,
} from '../../src/democloud/index.js';
import { learnEnvironmentSecrets, learnKubeUserSecrets, Redactor, REDACTED } from '../../src/core/redact.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const FERNET = /gAAAAA[A-Za-z0-9_-]{20,}/;

let cloud: DemoCloud | undefined;
afterEach(async () => {
  await cloud?.stop();
  cloud = undefined;
});

/** Every file under a directory, recursively, as text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, text: readFileSync(p, 'utf8') });
  }
  return out;
}

function cloudsYaml(dir: string, authUrl: string): string {
  const file = join(dir, 'clouds.yaml');
  writeFileSync(
    file,
    [
      'clouds:',
      '  prod:',
      '    auth:',
      `      auth_url: ${authUrl}`,
      `      username: ${DEMO_CREDENTIALS.user}`,
      `      password: ${DEMO_CREDENTIALS.password}`,
      `      project_name: ${DEMO_CREDENTIALS.project}`,
      `      user_domain_name: ${DEMO_CREDENTIALS.domain}`,
      `      project_domain_name: ${DEMO_CREDENTIALS.domain}`,
      '    region_name: RegionOne',
      '',
    ].join('\n'),
  );
  return file;
}

async function runAgainst(rules: FaultRule[], authUrl?: (url: string) => string) {
  cloud = await startDemoCloud({ faults: { rules } });
  const dir = tempDir('scs-cert-secrets-');
  const file = cloudsYaml(dir, authUrl ? authUrl(cloud.authUrl) : cloud.authUrl);
  const res = await runCli(
    [
      'run',
      'scs-compatible-iaas',
      '--os-cloud',
      'prod',
      '-t',
      'scs-010[02]-',
      '-o',
      join(dir, 'out/'),
      '--record',
      join(dir, 'rec'),
      '--verbose',
    ],
    { cwd: dir, env: { OS_CLIENT_CONFIG_FILE: file, HOME: dir } },
  );
  const outputs = [
    { path: 'stdout', text: res.stdout },
    { path: 'stderr', text: res.stderr },
    ...filesUnder(join(dir, 'out')),
    ...filesUnder(join(dir, 'rec')),
  ];
  return { res, outputs };
}

function hits(outputs: Array<{ path: string; text: string }>, needle: string | RegExp): string[] {
  return outputs
    .filter((o) => (typeof needle === 'string' ? o.text.includes(needle) : needle.test(o.text)))
    .map((o) => o.path);
}

describe('no secret leaves the process', () => {
  it('an error body echoing X-Auth-Token reaches no report, recording or console line', async () => {
    const { res, outputs } = await runAgainst([
      { route: 'GET /compute/*flavors*', fault: 'status', status: 400, echo: true },
      { route: 'GET /image/*', fault: 'status', status: 409, echo: true },
    ]);
    expect(res.stderr).not.toMatch(/internal error/);
    // The echo happened and was seen (so this test can fail): the reports carry the redacted header.
    const reports = outputs.filter((o) => o.path.includes('/out/'));
    expect(reports.length).toBeGreaterThanOrEqual(4);
    expect(reports.some((o) => /x-auth-token/i.test(o.text) && o.text.includes(REDACTED))).toBe(true);
    expect(hits(outputs, FERNET)).toEqual([]);
    expect(hits(outputs, DEMO_CREDENTIALS.password)).toEqual([]);
  });

  it('a Keystone 400 echoing the request body does not print the password', async () => {
    const { res, outputs } = await runAgainst([
      { route: 'POST /identity/v3/auth/tokens', fault: 'status', status: 400, echo: true },
    ]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(REDACTED);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(hits(outputs, DEMO_CREDENTIALS.password)).toEqual([]);
  });

  it('userinfo in auth_url stays out of every output', async () => {
    const { outputs } = await runAgainst([], (url) =>
      url.replace('http://', 'http://planted:userinfo-pw-4711@'),
    );
    expect(hits(outputs, 'userinfo-pw-4711')).toEqual([]);
    expect(hits(outputs, DEMO_CREDENTIALS.password)).toEqual([]);
  });
});

describe('Redactor', () => {
  const r = new Redactor();
  r.addSecret('s3cr3t-value');
  it('hides known values in their plain, JSON-escaped, URL-encoded and base64 forms', () => {
    expect(r.text('a s3cr3t-value b')).toBe(`a ${REDACTED} b`);
    expect(r.text(encodeURIComponent('s3cr3t-value'))).toBe(REDACTED);
    expect(r.text(Buffer.from('s3cr3t-value').toString('base64'))).not.toContain('czNjcjN0LXZhbHVl');
  });
  it('hides pattern matches it was never told', () => {
    expect(r.text('X-Auth-Token: abcdef123456')).toBe(`X-Auth-Token: ${REDACTED}`);
    expect(r.text('{"x-subject-token": "abc123456"}')).toBe(`{"x-subject-token": "${REDACTED}"}`);
    expect(r.text('{"password": "hunter22", "name": "x"}')).toBe(`{"password": "${REDACTED}", "name": "x"}`);
    expect(r.text('{\\"password\\": \\"hunter22\\"}')).toBe(`{\\"password\\": \\"${REDACTED}\\"}`);
    expect(r.text("{'secret': 'abc'}")).toBe(`{'secret': '${REDACTED}'}`);
    expect(r.text('https://u:p4ss@host/v3')).toBe(`https://u:${REDACTED}@host/v3`);
    expect(r.text('Authorization: Bearer abc.def')).toBe(`Authorization: ${REDACTED}`);
    expect(r.text(`token gAAAAAB${'x'.repeat(40)} end`)).toBe(`token ${REDACTED} end`);
  });
  it('leaves ordinary text alone', () => {
    const text = 'https://keystone.example.com:5000/v3 flavor SCS-2V-4 X-Auth-Token header missing';
    expect(r.text(text)).toBe(text);
  });
  it('redacts JSON values under secret keys and token ids', () => {
    expect(r.json({ auth: { password: 'x1', token: { id: 'abc' } }, name: 'n' })).toEqual({
      auth: { password: REDACTED, token: { id: REDACTED } },
      name: 'n',
    });
  });
});

describe('secrets the run learns from its configuration', () => {
  it('kubeconfig user credentials and OS_* / token variables are hidden', () => {
    const r = new Redactor();
    learnKubeUserSecrets(
      {
        token: 'eyJhbGciOiJSUzI1NiJ9.kube-sa-token',
        authProvider: { config: { 'access-token': 'ya29.provider' } },
      },
      r,
    );
    learnEnvironmentSecrets(
      {
        OS_PASSWORD: 'env-password-1',
        GITHUB_TOKEN: 'ghp_envtoken',
        OS_AUTH_URL: 'https://u:url-pw-9@k/v3',
        HOME: '/root',
      },
      r,
    );
    const text =
      'eyJhbGciOiJSUzI1NiJ9.kube-sa-token ya29.provider env-password-1 ghp_envtoken url-pw-9 /root';
    expect(r.text(text)).toBe(`${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} /root`);
  });
});
