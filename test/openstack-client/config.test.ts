// clouds.yaml / secure.yaml / OS_* resolution: search order, merging, selection and one-line errors.
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OpenStackConfigError,
  configSearchDirs,
  resolveCloudConfig,
} from '../../src/clients/openstack/index.js';

let root: string;
let cwd: string;
let home: string;
let site: string;

function write(path: string, text: string) {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function cloudYaml(name: string, authUrl: string, extra = '') {
  return `clouds:\n  ${name}:\n    auth:\n      auth_url: ${authUrl}\n      username: u\n      password: p\n      project_name: proj\n${extra}`;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'scs-cert-cfg-'));
  cwd = join(root, 'cwd');
  home = join(root, 'home');
  site = join(root, 'etc-openstack');
  for (const d of [cwd, home, site]) mkdirSync(d, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const loc = (env: NodeJS.ProcessEnv = {}) => ({ env, cwd, homeDir: home, siteDirs: [site] });

describe('search path', () => {
  it('lists cwd, the user config dirs and the site dirs in openstacksdk order', () => {
    expect(configSearchDirs(loc())).toEqual([cwd, join(home, '.config', 'openstack'), site]);
    expect(configSearchDirs({ ...loc({ XDG_CONFIG_HOME: join(root, 'xdg') }) })).toEqual([
      cwd,
      join(root, 'xdg', 'openstack'),
      join(home, '.config', 'openstack'),
      site,
    ]);
  });

  it('prefers OS_CLIENT_CONFIG_FILE, then the current directory, then ~/.config/openstack, then the site dir', () => {
    write(join(site, 'clouds.yaml'), cloudYaml('c', 'https://site.example/v3'));
    expect(resolveCloudConfig({ ...loc(), cloud: 'c' }).auth.auth_url).toBe('https://site.example/v3');
    write(join(home, '.config/openstack/clouds.yaml'), cloudYaml('c', 'https://home.example/v3'));
    expect(resolveCloudConfig({ ...loc(), cloud: 'c' }).auth.auth_url).toBe('https://home.example/v3');
    write(join(cwd, 'clouds.yml'), cloudYaml('c', 'https://cwd.example/v3'));
    expect(resolveCloudConfig({ ...loc(), cloud: 'c' }).auth.auth_url).toBe('https://cwd.example/v3');
    const explicit = join(root, 'elsewhere', 'my-clouds.yaml');
    write(explicit, cloudYaml('c', 'https://explicit.example/v3'));
    const cfg = resolveCloudConfig({ ...loc({ OS_CLIENT_CONFIG_FILE: explicit }), cloud: 'c' });
    expect(cfg.auth.auth_url).toBe('https://explicit.example/v3');
    expect(cfg.source).toContain('my-clouds.yaml');
  });

  it('reads clouds.json too', () => {
    write(
      join(cwd, 'clouds.json'),
      JSON.stringify({
        clouds: {
          j: { auth: { auth_url: 'https://j.example:5000', username: 'u', password: 'p', project_id: 'x' } },
        },
      }),
    );
    expect(resolveCloudConfig({ ...loc(), cloud: 'j' }).auth.project_id).toBe('x');
  });
});

describe('secure.yaml', () => {
  it('is merged deeply over clouds.yaml, even from another directory', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds:\n  prod:\n    region_name: R1\n    auth:\n      auth_url: https://k.example/v3\n      username: alice\n      project_name: p\n      user_domain_name: D\n',
    );
    write(
      join(home, '.config/openstack/secure.yaml'),
      'clouds:\n  prod:\n    auth:\n      password: from-secure\n',
    );
    const cfg = resolveCloudConfig({ ...loc(), cloud: 'prod' });
    expect(cfg.auth).toMatchObject({
      auth_url: 'https://k.example/v3',
      username: 'alice',
      password: 'from-secure',
      user_domain_name: 'D',
      project_name: 'p',
    });
    expect(cfg.regionName).toBe('R1');
    expect(cfg.source).toContain('secure.yaml');
  });

  it('OS_CLIENT_SECURE_FILE wins over the search path', () => {
    write(join(cwd, 'clouds.yaml'), cloudYaml('c', 'https://k.example/v3'));
    write(join(cwd, 'secure.yaml'), 'clouds:\n  c:\n    auth:\n      password: cwd\n');
    const other = join(root, 's.yaml');
    write(other, 'clouds:\n  c:\n    auth:\n      password: override\n');
    expect(resolveCloudConfig({ ...loc({ OS_CLIENT_SECURE_FILE: other }), cloud: 'c' }).auth.password).toBe(
      'override',
    );
    expect(resolveCloudConfig({ ...loc(), cloud: 'c' }).auth.password).toBe('cwd');
  });
});

describe('choosing the cloud', () => {
  beforeEach(() => {
    write(
      join(cwd, 'clouds.yaml'),
      `${cloudYaml('one', 'https://one.example/v3')}  two:\n    auth:\n      auth_url: https://two.example/v3\n      username: u\n      password: p\n      project_name: q\n`,
    );
  });

  it('option beats OS_CLOUD', () => {
    expect(resolveCloudConfig({ ...loc({ OS_CLOUD: 'one' }), cloud: 'two' }).name).toBe('two');
    expect(resolveCloudConfig({ ...loc({ OS_CLOUD: 'one' }) }).name).toBe('one');
  });

  it('an unknown cloud lists the known ones and the file', () => {
    let err: unknown;
    try {
      resolveCloudConfig({ ...loc(), cloud: 'three' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OpenStackConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('unknown cloud "three"');
    expect(msg).toContain('one, two');
    expect(msg).toContain(join(cwd, 'clouds.yaml'));
    expect(msg).not.toContain('\n');
  });

  it('several clouds and no choice is an error naming them', () => {
    expect(() => resolveCloudConfig(loc())).toThrow(/several clouds configured \(one, two/);
  });

  it('OS_* variables make the envvars cloud when no cloud is named', () => {
    const env = {
      OS_AUTH_URL: 'https://env.example:5000/v3',
      OS_USERNAME: 'envuser',
      OS_PASSWORD: 'envpw',
      OS_PROJECT_NAME: 'envproj',
      OS_USER_DOMAIN_NAME: 'Dom',
      OS_PROJECT_DOMAIN_ID: 'dom-id',
      OS_REGION_NAME: 'R9',
      OS_INTERFACE: 'internal',
      OS_IDENTITY_API_VERSION: '3',
    };
    const cfg = resolveCloudConfig(loc(env));
    expect(cfg.name).toBe('envvars');
    expect(cfg.source).toBe('environment (OS_*)');
    expect(cfg).toMatchObject({ regionName: 'R9', interface: 'internal', authType: 'password' });
    expect(cfg.auth).toMatchObject({
      auth_url: 'https://env.example:5000/v3',
      username: 'envuser',
      password: 'envpw',
      project_name: 'envproj',
      user_domain_name: 'Dom',
      project_domain_id: 'dom-id',
    });
    // a named cloud still wins over the variables
    expect(resolveCloudConfig({ ...loc(env), cloud: 'one' }).auth.auth_url).toBe('https://one.example/v3');
  });

  it('application credentials from OS_* variables', () => {
    const cfg = resolveCloudConfig(
      loc({
        OS_AUTH_TYPE: 'v3applicationcredential',
        OS_AUTH_URL: 'https://env.example/v3',
        OS_APPLICATION_CREDENTIAL_ID: 'acid',
        OS_APPLICATION_CREDENTIAL_SECRET: 'acsecret',
      }),
    );
    expect(cfg.authType).toBe('v3applicationcredential');
    expect(cfg.auth).toMatchObject({
      application_credential_id: 'acid',
      application_credential_secret: 'acsecret',
    });
  });

  it('only selectors in the environment make no envvars cloud', () => {
    expect(() => resolveCloudConfig(loc({ OS_REGION_NAME: 'x' }))).toThrow(/several clouds/);
  });

  it('OS_REGION_NAME fills a named cloud without a region', () => {
    expect(resolveCloudConfig({ ...loc({ OS_REGION_NAME: 'R7' }), cloud: 'one' }).regionName).toBe('R7');
  });

  it('OS_CACERT: trusted by a named cloud without cacert; the cloud’s own cacert and verify: false win', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds:\n' +
        '  plain:\n    auth: {auth_url: https://a.example/v3, username: u, password: p, project_name: x}\n' +
        '  own:\n    cacert: /own/ca.pem\n    auth: {auth_url: https://b.example/v3, username: u, password: p, project_name: x}\n' +
        '  off:\n    verify: false\n    auth: {auth_url: https://c.example/v3, username: u, password: p, project_name: x}\n',
    );
    const env = { OS_CACERT: '~/lab-ca.pem' };
    expect(resolveCloudConfig({ ...loc(env), cloud: 'plain' }).cacert).toBe(join(home, 'lab-ca.pem'));
    expect(resolveCloudConfig({ ...loc(env), cloud: 'own' }).cacert).toBe('/own/ca.pem');
    const off = resolveCloudConfig({ ...loc(env), cloud: 'off' });
    expect(off.verify).toBe(false);
    expect(off.cacert).toBeUndefined();
    expect(resolveCloudConfig({ ...loc(), cloud: 'plain' }).cacert).toBeUndefined();
    // alone it makes no envvars cloud (three clouds, none named: the usual error)
    expect(() => resolveCloudConfig(loc(env))).toThrow(/several clouds/);
  });

  it('OS_CACERT belongs to the envvars cloud too', () => {
    const cfg = resolveCloudConfig(
      loc({
        OS_AUTH_URL: 'https://env.example/v3',
        OS_USERNAME: 'u',
        OS_PASSWORD: 'p',
        OS_PROJECT_NAME: 'x',
        OS_CACERT: '/etc/lab/ca.pem',
      }),
    );
    expect(cfg.name).toBe('envvars');
    expect(cfg.cacert).toBe('/etc/lab/ca.pem');
  });
});

describe('normalisation and validation', () => {
  function one(extra: string, auth = '      username: u\n      password: p\n      project_name: proj\n') {
    write(
      join(cwd, 'clouds.yaml'),
      `clouds:\n  c:\n    auth:\n      auth_url: https://k.example/v3\n${auth}${extra}`,
    );
    return resolveCloudConfig({ ...loc(), cloud: 'c' });
  }

  it('the only cloud is taken without naming it', () => {
    expect(one('').name).toBe('c');
  });

  it('defaults: public interface, verification on, default domain', () => {
    const cfg = one('');
    expect(cfg).toMatchObject({ interface: 'public', verify: true, authType: 'password' });
    expect(cfg.auth).toMatchObject({ user_domain_id: 'default', project_domain_id: 'default' });
  });

  it('dashes, publicURL, verify: false, insecure, cacert with ~', () => {
    expect(one('    region-name: R2\n    endpoint_type: internalURL\n')).toMatchObject({
      regionName: 'R2',
      interface: 'internal',
    });
    expect(one('    verify: false\n').verify).toBe(false);
    expect(one("    insecure: 'true'\n").verify).toBe(false);
    expect(one('    cacert: ~/ca.pem\n').cacert).toBe(join(home, 'ca.pem'));
  });

  it('v3applicationcredential in clouds.yaml', () => {
    const cfg = one(
      '    auth_type: v3applicationcredential\n    identity_api_version: 3\n',
      '      application_credential_id: id1\n      application_credential_secret: s1\n',
    );
    expect(cfg.authType).toBe('v3applicationcredential');
  });

  const cases: Array<[string, string, string | undefined, RegExp]> = [
    [
      'missing auth_url',
      'clouds:\n  c:\n    auth:\n      username: u\n      password: p\n',
      undefined,
      /has no auth_url: add auth\.auth_url/,
    ],
    ['identity v2', '    identity_api_version: 2\n', 'x', /identity_api_version 2 is not supported/],
    [
      'unknown auth type',
      '    auth_type: token\n',
      'x',
      /auth_type "token" is not supported; use auth_type: password or v3applicationcredential/,
    ],
    ['no password', '', '      username: u\n      project_name: p\n', /no password/],
    ['no project', '', '      username: u\n      password: p\n', /no project/],
    [
      'app cred without secret',
      '    auth_type: v3applicationcredential\n',
      '      application_credential_id: id1\n',
      /no application_credential_secret/,
    ],
    [
      'bad interface',
      '    interface: private\n',
      'x',
      /interface "private" is not one of public, internal, admin/,
    ],
  ];
  for (const [name, extra, auth, re] of cases) {
    it(`error: ${name}`, () => {
      if (auth === undefined) {
        write(join(cwd, 'clouds.yaml'), extra);
        expect(() => resolveCloudConfig({ ...loc(), cloud: 'c' })).toThrow(re);
        return;
      }
      expect(() => one(extra, auth === 'x' ? undefined : auth)).toThrow(re);
    });
  }

  it('malformed YAML names the file and the line', () => {
    write(
      join(cwd, 'clouds.yaml'),
      'clouds:\n  c:\n    auth:\n      auth_url: [unclosed\n    region_name: x\n',
    );
    let msg = '';
    try {
      resolveCloudConfig({ ...loc(), cloud: 'c' });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/^malformed YAML in .*clouds\.yaml line \d+: /);
    expect(msg).not.toContain('\n');
  });

  it('nothing configured at all', () => {
    expect(() => resolveCloudConfig(loc())).toThrow(/no OpenStack cloud configured .*no clouds\.yaml found/);
  });
});
