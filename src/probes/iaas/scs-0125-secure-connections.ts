// scs-0125-secure-connections: catalog API endpoints are HTTPS and their TLS adheres to the Mozilla profile level.
import type { TlsEndpoint, TlsScan } from '../../artifacts/tls-endpoints.js';
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { requireData } from './support/data.js';
import { mozillaFindings, type MozillaProfile } from './support/mozilla-tls.js';
import { abort, decideWithDeviations, fail, listNames, pass, type Offender } from './support/results.js';

export const MOZILLA_PROFILE_DATA = 'mozilla-server-side-tls-5.7';

interface Row {
  endpoint: string;
  url: string;
  interfaces: string[];
  services: string[];
  https: boolean;
  status: 'ok' | 'fail' | 'ignored' | 'unreachable' | 'not-judged';
  versions?: string[];
  ciphers?: string[];
  groups?: string[];
  certificate?: {
    subject: string;
    key: string;
    signature: string;
    validTo: string;
    trusted: boolean;
    hostname: boolean;
  };
  problems?: string[];
}

function label(e: TlsEndpoint): string {
  return e.scanKey ?? `${e.host}:${e.port}`;
}

/** Certificate facts that make a connection insecure whatever the profile level. */
function certificateProblems(scan: TlsScan, now: string): Array<{ rule: string; problem: string }> {
  const c = scan.certificate;
  if (!c) return [];
  const out: Array<{ rule: string; problem: string }> = [];
  const leaf = c.chain[0];
  if (!c.trusted)
    out.push({
      rule: 'certificate-trust',
      problem: `certificate chain does not verify (${c.trustError ?? 'untrusted'})`,
    });
  if (!c.hostnameMatches)
    out.push({
      rule: 'certificate-hostname',
      problem: c.hostnameError ?? 'certificate does not name the host',
    });
  if (leaf && Date.parse(leaf.validTo) < Date.parse(now))
    out.push({ rule: 'certificate-validity', problem: `certificate expired ${leaf.validTo}` });
  if (leaf && Date.parse(leaf.validFrom) > Date.parse(now))
    out.push({ rule: 'certificate-validity', problem: `certificate is not valid before ${leaf.validFrom}` });
  return out;
}

export default defineProbe({
  meta: {
    id: 'scs-0125-secure-connections',
    title: 'Catalog API endpoints use TLS that adheres to the Mozilla profile',
    failureTitle: 'A catalog API endpoint is not HTTPS or its TLS does not adhere to the Mozilla profile',
    description:
      'Every endpoint of the service catalog (all interfaces the member sees) is an HTTPS address; each TLS endpoint ' +
      'offers only the protocol versions, cipher suites and key-exchange groups of the Mozilla Server Side TLS level ' +
      '(default "intermediate"), with a certificate whose type, key size, curve, signature and lifespan the level ' +
      'allows, that verifies, names the host and is valid now.',
    standards: [
      {
        id: 'scs-0125-v1',
        url: 'https://docs.scs.community/standards/scs-0125-v1-secure-connections#standard',
      },
    ],
    artifacts: ['TlsEndpoints'],
    params: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: {
          type: 'string',
          minLength: 1,
          description: 'Mozilla configuration level (default intermediate)',
        },
      },
    },
    deviations: [
      {
        id: 'all-interfaces',
        standard:
          '"Internal API endpoints of all OpenStack services MUST use TLS. Their endpoint as registered in the Keystone service catalog MUST be an HTTPS address." — and the same for external endpoints: every interface the member can see is judged.',
        reference: "tls-checker.py scans only the catalog's public endpoints.",
      },
      {
        id: 'ignore-exact',
        standard:
          'The text names no exceptions; --tls-ignore HOST[:PORT] excludes exactly that host (any port) or host:port.',
        reference:
          'tls-checker.py --ignore skips every endpoint whose host[:port] contains the pattern as a substring.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const tls = artifacts.TlsEndpoints;
    const profile = requireData<MozillaProfile>(ctx, MOZILLA_PROFILE_DATA);
    const level =
      tls.profileLevel ?? (typeof ctx.params.level === 'string' ? ctx.params.level : 'intermediate');
    const cfg = profile.configurations[level];
    if (!cfg) {
      throw new Error(
        `Mozilla profile level '${level}' is not in profile ${profile.version}; choose one of ${Object.keys(profile.configurations).join(', ')}`,
      );
    }
    if (tls.endpoints.length === 0) {
      return abort('no-endpoints', 'the service catalog lists no endpoints to check');
    }

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const judgedEndpoints = tls.endpoints.filter(
        (e) => mode === 'standard' || e.uses.some((u) => u.interface === 'public'),
      );
      const offenders: Offender[] = [];
      const warnings: string[] = [];
      const unreachablePublic: string[] = [];
      const rows: Row[] = [];
      let touchedNonPublic = false;
      let ignoredBySubstring = false;
      for (const e of judgedEndpoints) {
        const interfaces = [...new Set(e.uses.map((u) => u.interface))].sort();
        const isPublic = interfaces.includes('public');
        const row: Row = {
          endpoint: label(e),
          url: e.url,
          interfaces,
          services: [...new Set(e.uses.map((u) => u.name ?? u.service))].sort(),
          https: e.scheme === 'https',
          status: 'ok',
        };
        rows.push(row);
        const problems: string[] = [];
        const offend = (rule: string, problem: string) => {
          problems.push(`${rule}: ${problem}`);
          offenders.push({ resource: e.url, problem, rule, interfaces });
          if (!isPublic) touchedNonPublic = true;
        };
        // The script skips every endpoint whose host[:port] merely contains a pattern; the text names no exceptions.
        const substringRule =
          mode === 'reference' && !e.ignoredBy
            ? tls.ignore.find((r) => `${e.host}:${e.port}`.toLowerCase().includes(r))
            : undefined;
        if (e.ignoredBy || substringRule) {
          row.status = 'ignored';
          if (substringRule) ignoredBySubstring = true;
          continue;
        }
        if (e.scheme !== 'https') {
          offend('https', `catalog registers ${e.scheme}:// — the endpoint must be an HTTPS address`);
          row.status = 'fail';
          row.problems = problems;
          continue;
        }
        const scan = e.scanKey ? tls.scans[e.scanKey] : undefined;
        if (!scan) {
          row.status = 'not-judged';
          warnings.push(`${e.url}: no TLS scan recorded`);
          continue;
        }
        if (!scan.reachable) {
          row.status = 'unreachable';
          if (isPublic) unreachablePublic.push(`${e.url} (${scan.error ?? 'unreachable'})`);
          else
            warnings.push(
              `${e.url} (${interfaces.join('/')}) is not reachable from here (${scan.error ?? ''}); its TLS was not checked`,
            );
          continue;
        }
        row.versions = scan.protocols.filter((p) => p.accepted).map((p) => p.version);
        row.ciphers = scan.ciphers.map((c) => `${c.version} ${c.iana}`);
        row.groups = scan.groups.filter((g) => g.accepted).map((g) => g.name);
        const leaf = scan.certificate?.chain[0];
        if (leaf && scan.certificate) {
          row.certificate = {
            subject: leaf.subject,
            key: `${leaf.keyType}${leaf.keyBits ? ` ${leaf.keyBits}` : ''}${leaf.curve ? ` ${leaf.curve}` : ''}`,
            signature: leaf.signatureAlgorithm,
            validTo: leaf.validTo,
            trusted: scan.certificate.trusted,
            hostname: scan.certificate.hostnameMatches,
          };
        }
        if (row.versions.length === 0) {
          offend('tls', `no TLS handshake succeeded (${scan.error ?? 'every version refused'})`);
        } else {
          for (const p of certificateProblems(scan, ctx.now)) offend(p.rule, p.problem);
          for (const f of mozillaFindings(scan, cfg)) {
            if (f.severity === 'fail') offend(f.rule, f.problem);
            else warnings.push(`${label(e)}: ${f.rule}: ${f.problem}`);
          }
        }
        if (problems.length) {
          row.status = 'fail';
          row.problems = problems;
        }
      }
      const values = {
        profile: { version: profile.version, href: profile.href, level },
        ignore: tls.ignore,
        endpoints: rows,
      };
      const evidence = { judged: rows.map((r) => r.url), ...(offenders.length && { offenders }), values };
      const devs = [
        ...(touchedNonPublic ? ['all-interfaces'] : []),
        ...(ignoredBySubstring ? ['ignore-exact'] : []),
      ];
      if (offenders.length) {
        const urls = [...new Set(offenders.map((o) => o.resource))];
        const rules = [...new Set(offenders.map((o) => String(o.rule)))];
        return fail(
          'endpoint-not-compliant',
          `${urls.length} endpoint(s) do not meet scs-0125 (Mozilla "${level}" ${profile.version}): ${listNames(urls)} — ${listNames(rules, 8)}; ` +
            "serve every catalog endpoint over HTTPS with the profile's protocol versions, ciphers and certificate",
          evidence,
          { warnings, deviations: devs },
        );
      }
      if (unreachablePublic.length) {
        return abort(
          'endpoint-unreachable',
          `public endpoint(s) could not be reached, so their TLS is unknown: ${listNames(unreachablePublic)}`,
          evidence,
          { warnings },
        );
      }
      return pass(
        'endpoints-compliant',
        `${rows.filter((r) => r.status === 'ok').length} endpoint(s) meet Mozilla "${level}" ${profile.version}` +
          (rows.some((r) => r.status === 'ignored')
            ? ` (${rows.filter((r) => r.status === 'ignored').length} ignored)`
            : ''),
        evidence,
        { warnings, deviations: devs },
      );
    });
  },
});
