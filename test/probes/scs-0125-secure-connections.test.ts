// scs-0125-secure-connections: the Mozilla profile rules, table by table from the profile JSON, and the API rules.
import { describe, expect, it } from 'vitest';
import type { TlsEndpoints, TlsScan, TlsVersion } from '../../src/artifacts/tls-endpoints.js';
import probe, { MOZILLA_PROFILE_DATA } from '../../src/probes/iaas/scs-0125-secure-connections.js';
import type { MozillaConfiguration, MozillaProfile } from '../../src/probes/iaas/support/mozilla-tls.js';
import { loadData, NOW, run } from './helpers.js';

const PROFILE = loadData()[MOZILLA_PROFILE_DATA] as MozillaProfile;
const LEVELS = Object.keys(PROFILE.configurations);
const DAY = 86_400_000;

/** A scan that meets every field of one level exactly, built from the profile JSON. */
function conformingScan(cfg: MozillaConfiguration): TlsScan {
  const versions = cfg.tls_versions.filter((v): v is TlsVersion => v.startsWith('TLS'));
  const keyType = cfg.certificate_types.includes('rsa') ? 'rsa' : cfg.certificate_types[0]!;
  const sig = cfg.certificate_signatures.find((s) => (keyType === 'rsa' ? /RSA/.test(s) : /ecdsa/.test(s)))!;
  const from = Date.parse(NOW) - DAY;
  const lifespan = cfg.maximum_certificate_lifespan ?? 90;
  return {
    reachable: true,
    protocols: (['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const).map((v) => ({
      version: v,
      accepted: versions.includes(v),
    })),
    ciphers: [
      ...versions
        .filter((v) => v !== 'TLSv1.3')
        .flatMap((v) => cfg.ciphers.iana.map((iana) => ({ version: v, openssl: iana, iana }))),
      ...(versions.includes('TLSv1.3')
        ? cfg.ciphersuites.map((iana) => ({ version: 'TLSv1.3' as const, openssl: iana, iana }))
        : []),
    ],
    groups: cfg.tls_curves.map((name) => ({ name, accepted: true })),
    ...(cfg.dh_param_size !== null &&
      cfg.ciphers.iana.some((c) => c.includes('_DHE_')) && { dhBits: cfg.dh_param_size }),
    serverPreferredOrder: cfg.server_preferred_order,
    hsts: `max-age=${cfg.hsts_min_age ?? 0}`,
    ocspStapled: true,
    certificate: {
      chain: [
        {
          subject: 'CN=api.example.org',
          issuer: 'CN=Example CA',
          validFrom: new Date(from).toISOString(),
          validTo: new Date(from + lifespan * DAY).toISOString(),
          serialNumber: '01',
          fingerprint256: 'AA',
          keyType,
          ...(keyType === 'rsa'
            ? { keyBits: cfg.rsa_key_size ?? 2048 }
            : { curve: cfg.certificate_curves[0]! }),
          signatureAlgorithm: sig,
        },
      ],
      trusted: true,
      hostnameMatches: true,
    },
  };
}

function artifact(
  scan: TlsScan,
  over: Partial<TlsEndpoints> = {},
  url = 'https://api.example.org:5000/v3',
): TlsEndpoints {
  return {
    ignore: [],
    endpoints: [
      {
        url,
        scheme: 'https',
        host: 'api.example.org',
        port: 5000,
        uses: [{ service: 'identity', interface: 'public', region: 'RegionOne' }],
        scanKey: 'api.example.org:5000',
      },
    ],
    scans: { 'api.example.org:5000': scan },
    ...over,
  };
}

const judge = (a: TlsEndpoints, level: string, mode: 'standard' | 'reference' = 'standard') =>
  run(probe, { TlsEndpoints: a }, { params: { level }, mode });
const rulesOf = (r: ReturnType<typeof judge>) => (r.evidence?.offenders ?? []).map((o) => o.rule);

/** One mutation per profile field: what breaks it, if the level can be broken that way at all. */
const MUTATIONS: Array<{
  rule: string;
  advice?: boolean;
  applies(c: MozillaConfiguration): boolean;
  mutate(s: TlsScan, c: MozillaConfiguration): void;
}> = [
  {
    rule: 'tls_versions',
    applies: (c) => !c.tls_versions.includes('TLSv1'),
    mutate: (s) => {
      s.protocols[0] = { version: 'TLSv1', accepted: true };
    },
  },
  {
    rule: 'ciphers',
    applies: (c) => c.tls_versions.includes('TLSv1.2'),
    mutate: (s) => {
      s.ciphers.push({ version: 'TLSv1.2', openssl: 'RC4-SHA', iana: 'TLS_RSA_WITH_RC4_128_SHA' });
    },
  },
  {
    rule: 'ciphers',
    applies: (c) => c.tls_versions.includes('TLSv1.3') && c.ciphers.iana.length === 0,
    mutate: (s) => {
      s.protocols[2] = { version: 'TLSv1.2', accepted: true };
      s.ciphers.push({
        version: 'TLSv1.2',
        openssl: 'ECDHE-RSA-AES128-GCM-SHA256',
        iana: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      });
    },
  },
  {
    rule: 'ciphersuites',
    applies: (c) => c.tls_versions.includes('TLSv1.3'),
    mutate: (s) => {
      s.ciphers.push({
        version: 'TLSv1.3',
        openssl: 'TLS_AES_128_CCM_8_SHA256',
        iana: 'TLS_AES_128_CCM_8_SHA256',
      });
    },
  },
  {
    rule: 'tls_curves',
    applies: (c) => !c.tls_curves.includes('secp521r1'),
    mutate: (s) => {
      s.groups.push({ name: 'secp521r1', accepted: true });
    },
  },
  {
    rule: 'ecdh_param_size',
    applies: (c) => c.ecdh_param_size !== null && c.ecdh_param_size > 224,
    mutate: (s) => {
      s.groups.push({ name: 'secp224r1', accepted: true });
    },
  },
  {
    rule: 'dh_param_size',
    applies: (c) => c.dh_param_size !== null,
    mutate: (s, c) => {
      s.dhBits = c.dh_param_size! - 1024;
    },
  },
  {
    rule: 'certificate_types',
    applies: () => true,
    mutate: (s) => {
      s.certificate!.chain[0]!.keyType = 'dsa';
    },
  },
  {
    rule: 'certificate_signatures',
    applies: () => true,
    mutate: (s) => {
      s.certificate!.chain[0]!.signatureAlgorithm = 'sha1WithRSAEncryption';
    },
  },
  {
    rule: 'certificate_curves',
    applies: (c) => c.certificate_types.includes('ecdsa') && !c.certificate_curves.includes('secp521r1'),
    mutate: (s) => {
      const leaf = s.certificate!.chain[0]!;
      leaf.keyType = 'ecdsa';
      delete leaf.keyBits;
      leaf.curve = 'secp521r1';
      leaf.signatureAlgorithm = 'ecdsa-with-SHA256';
    },
  },
  {
    rule: 'rsa_key_size',
    applies: (c) => c.certificate_types.includes('rsa') && c.rsa_key_size !== null,
    mutate: (s, c) => {
      s.certificate!.chain[0]!.keyBits = c.rsa_key_size! / 2;
    },
  },
  {
    rule: 'maximum_certificate_lifespan',
    applies: (c) => c.maximum_certificate_lifespan !== null,
    mutate: (s, c) => {
      const leaf = s.certificate!.chain[0]!;
      leaf.validTo = new Date(
        Date.parse(leaf.validFrom) + (c.maximum_certificate_lifespan! + 1) * DAY,
      ).toISOString();
    },
  },
  {
    rule: 'hsts_min_age',
    advice: true,
    applies: (c) => c.hsts_min_age !== null,
    mutate: (s, c) => {
      s.hsts = `max-age=${c.hsts_min_age! - 1}`;
    },
  },
  {
    rule: 'ocsp_staple',
    advice: true,
    applies: (c) => c.ocsp_staple,
    mutate: (s) => {
      s.ocspStapled = false;
    },
  },
  {
    rule: 'server_preferred_order',
    advice: true,
    applies: () => true,
    mutate: (s, c) => {
      s.serverPreferredOrder = !c.server_preferred_order;
    },
  },
];

describe('scs-0125-secure-connections: Mozilla profile rules from the profile JSON', () => {
  it('judges the profile the standard names (5.7, levels old/intermediate/modern)', () => {
    expect(PROFILE.version).toBe(5.7);
    expect(LEVELS.sort()).toEqual(['intermediate', 'modern', 'old']);
  });

  describe.each(LEVELS)('level %s', (level) => {
    const cfg = PROFILE.configurations[level]!;
    it('passes a server that meets every field exactly', () => {
      const r = judge(artifact(conformingScan(cfg)), level);
      expect(r.outcome).toBe('PASS');
      expect(r.messageId).toBe('endpoints-compliant');
      expect(r.warnings ?? []).toEqual([]);
    });
    const cases = MUTATIONS.filter((m) => m.applies(cfg));
    it.each(cases.map((m, i) => [m.rule, i] as const))('breaks %s', (rule, i) => {
      const m = cases[i]!;
      const scan = conformingScan(cfg);
      m.mutate(scan, cfg);
      const r = judge(artifact(scan), level);
      if (m.advice) {
        expect(r.outcome).toBe('PASS');
        expect(r.warnings?.join('\n')).toContain(rule);
      } else {
        expect(r.outcome).toBe('FAIL');
        expect(r.messageId).toBe('endpoint-not-compliant');
        expect(rulesOf(r)).toContain(rule);
      }
    });
  });

  it('judges intermediate strictly: TLS 1.1 and a CBC suite fail it, and the same server meets old', () => {
    const cfg = PROFILE.configurations.intermediate!;
    const scan = conformingScan(cfg);
    scan.protocols[1] = { version: 'TLSv1.1', accepted: true };
    scan.ciphers.push({
      version: 'TLSv1.2',
      openssl: 'ECDHE-RSA-AES128-SHA',
      iana: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
    });
    const r = judge(artifact(scan), 'intermediate');
    expect(rulesOf(r).sort()).toEqual(['ciphers', 'tls_versions']);
    expect(r.message).toContain('api.example.org');
    // The same server meets "old".
    expect(judge(artifact(scan), 'old').outcome).toBe('PASS');
  });
});

describe('scs-0125-secure-connections: API endpoints', () => {
  const good = () => conformingScan(PROFILE.configurations.intermediate!);

  it('fails an http:// catalog endpoint of any interface; reference mode sees only public ones', () => {
    const a = artifact(good());
    a.endpoints.push({
      url: 'http://10.0.0.5:9292',
      scheme: 'http',
      host: '10.0.0.5',
      port: 9292,
      uses: [{ service: 'image', interface: 'internal' }],
    });
    const r = judge(a, 'intermediate');
    expect(r.outcome).toBe('FAIL');
    expect(r.evidence?.offenders).toEqual([
      expect.objectContaining({ resource: 'http://10.0.0.5:9292', rule: 'https' }),
    ]);
    expect(r.deviations).toEqual(['all-interfaces']);
    expect(judge(a, 'intermediate', 'reference').outcome).toBe('PASS');
  });

  it('fails untrusted, misnamed, expired and not-yet-valid certificates', () => {
    const cases: Array<[string, (s: TlsScan) => void]> = [
      [
        'certificate-trust',
        (s) => Object.assign(s.certificate!, { trusted: false, trustError: 'SELF_SIGNED_CERT_IN_CHAIN' }),
      ],
      ['certificate-hostname', (s) => Object.assign(s.certificate!, { hostnameMatches: false })],
      ['certificate-validity', (s) => (s.certificate!.chain[0]!.validTo = '2026-08-01T00:00:00.000Z')],
      ['certificate-validity', (s) => (s.certificate!.chain[0]!.validFrom = '2026-09-02T00:00:00.000Z')],
    ];
    for (const [rule, mutate] of cases) {
      const s = good();
      mutate(s);
      const r = judge(artifact(s), 'intermediate');
      expect(r.outcome, rule).toBe('FAIL');
      expect(rulesOf(r)).toContain(rule);
    }
  });

  it('fails an HTTPS endpoint that completes no TLS handshake', () => {
    const s: TlsScan = {
      reachable: true,
      error: 'no TLS handshake succeeded',
      protocols: [],
      ciphers: [],
      groups: [],
    };
    expect(rulesOf(judge(artifact(s), 'intermediate'))).toEqual(['tls']);
  });

  it('aborts when a public endpoint is unreachable; an unreachable internal one is a warning', () => {
    const down: TlsScan = { reachable: false, error: 'ECONNREFUSED', protocols: [], ciphers: [], groups: [] };
    const r = judge(artifact(down), 'intermediate');
    expect(r.outcome).toBe('ABORT');
    expect(r.messageId).toBe('endpoint-unreachable');
    const a = artifact(good());
    a.endpoints.push({
      url: 'https://10.0.0.5:9292',
      scheme: 'https',
      host: '10.0.0.5',
      port: 9292,
      uses: [{ service: 'image', interface: 'internal' }],
      scanKey: '10.0.0.5:9292',
    });
    a.scans['10.0.0.5:9292'] = down;
    const r2 = judge(a, 'intermediate');
    expect(r2.outcome).toBe('PASS');
    expect(r2.warnings?.[0]).toContain('10.0.0.5:9292');
  });

  it('does not judge ignored endpoints and lists them in the evidence', () => {
    const a = artifact(good(), { ignore: ['10.0.0.5'] });
    a.endpoints.push({
      url: 'http://10.0.0.5:9292',
      scheme: 'http',
      host: '10.0.0.5',
      port: 9292,
      uses: [{ service: 'image', interface: 'public' }],
      ignoredBy: '10.0.0.5',
    });
    const r = judge(a, 'intermediate');
    expect(r.outcome).toBe('PASS');
    const rows = (r.evidence?.values as { endpoints: Array<{ url: string; status: string }> }).endpoints;
    expect(rows.find((x) => x.url.startsWith('http://'))?.status).toBe('ignored');
  });

  it('reference mode ignores by substring, as tls-checker.py --ignore does', () => {
    const a = artifact(good(), { ignore: ['example.org'] });
    a.endpoints.push({
      url: 'http://api.example.org:9292',
      scheme: 'http',
      host: 'api.example.org',
      port: 9292,
      uses: [{ service: 'image', interface: 'public' }],
    });
    const r = judge(a, 'intermediate');
    expect(r.outcome).toBe('FAIL');
    expect(r.deviations).toEqual(['ignore-exact']);
    expect(judge(a, 'intermediate', 'reference').outcome).toBe('PASS');
  });

  it('uses the level the run asked for, and aborts on a level the profile does not define', () => {
    const scan = good();
    scan.protocols[0] = { version: 'TLSv1', accepted: true };
    expect(judge(artifact(scan, { profileLevel: 'old' }), 'intermediate').outcome).toBe('PASS');
    const r = judge(artifact(scan, { profileLevel: 'paranoid' }), 'intermediate');
    expect(r.outcome).toBe('ABORT');
    expect(r.message).toContain('modern');
  });

  it('aborts on an empty catalog', () => {
    expect(judge({ ignore: [], endpoints: [], scans: {} }, 'intermediate').messageId).toBe('no-endpoints');
  });
});
