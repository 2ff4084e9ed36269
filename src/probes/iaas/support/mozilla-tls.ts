// The Mozilla Server Side TLS profile as rules: one function per field of the profile JSON, applied to one scan.
import type { TlsScan } from '../../../artifacts/tls-endpoints.js';

/** One configuration level of the profile JSON (`modern`, `intermediate`, `old`). */
export interface MozillaConfiguration {
  certificate_curves: string[];
  certificate_signatures: string[];
  certificate_types: string[];
  ciphers: { iana: string[]; openssl: string[]; [flavour: string]: string[] };
  ciphersuites: string[];
  dh_param_size: number | null;
  ecdh_param_size: number | null;
  hsts_min_age: number | null;
  maximum_certificate_lifespan: number | null;
  ocsp_staple: boolean;
  rsa_key_size: number | null;
  server_preferred_order: boolean;
  tls_curves: string[];
  tls_versions: string[];
}

export interface MozillaProfile {
  version: number;
  href: string;
  configurations: Record<string, MozillaConfiguration>;
}

/** `fail`: the server does not adhere to the level; `advice`: a profile field judged as a recommendation. */
export interface RuleFinding {
  rule: string;
  severity: 'fail' | 'advice';
  problem: string;
}

/** Security of each group in bits of the equivalent prime-field curve (X25519 counts as 256, as P-256). */
export const GROUP_BITS: Record<string, number> = {
  X25519: 256,
  X448: 448,
  prime256v1: 256,
  secp384r1: 384,
  secp521r1: 521,
  secp224r1: 224,
  prime192v1: 192,
};

const DAY_MS = 86_400_000;

function list(xs: string[]): string {
  return xs.join(', ');
}

/** Every profile rule applied to one scan, in the order of the profile JSON's fields. */
export function mozillaFindings(scan: TlsScan, cfg: MozillaConfiguration): RuleFinding[] {
  const out: RuleFinding[] = [];
  const add = (rule: string, problem: string, severity: RuleFinding['severity'] = 'fail') =>
    out.push({ rule, severity, problem });
  const leaf = scan.certificate?.chain[0];

  // certificate_curves: an ECDSA leaf key is on one of the listed curves.
  if (leaf?.keyType === 'ecdsa' && !cfg.certificate_curves.includes(leaf.curve ?? '')) {
    add(
      'certificate_curves',
      `certificate key is on curve ${leaf.curve ?? 'unknown'}, not one of ${list(cfg.certificate_curves)}`,
    );
  }
  // certificate_signatures: the leaf is signed with one of the listed algorithms.
  if (leaf && !cfg.certificate_signatures.includes(leaf.signatureAlgorithm)) {
    add(
      'certificate_signatures',
      `certificate is signed with ${leaf.signatureAlgorithm}, not one of ${list(cfg.certificate_signatures)}`,
    );
  }
  // certificate_types: the leaf key type is listed.
  if (leaf && !cfg.certificate_types.includes(leaf.keyType)) {
    add(
      'certificate_types',
      `certificate key type ${leaf.keyType} is not one of ${list(cfg.certificate_types)}`,
    );
  }
  // ciphers (TLS 1.0–1.2) and ciphersuites (TLS 1.3): nothing accepted beyond the lists.
  const allowed12 = new Set(cfg.ciphers.iana);
  const extra12 = scan.ciphers.filter((c) => c.version !== 'TLSv1.3' && !allowed12.has(c.iana));
  for (const c of extra12) add('ciphers', `accepts ${c.iana} (${c.openssl}) on ${c.version}`);
  const allowed13 = new Set(cfg.ciphersuites);
  const extra13 = scan.ciphers.filter((c) => c.version === 'TLSv1.3' && !allowed13.has(c.iana));
  for (const c of extra13) add('ciphersuites', `accepts ${c.iana} on TLSv1.3`);
  // dh_param_size: finite-field DH groups of at least this size (no DHE at all when the level has none).
  if (scan.dhBits !== undefined && cfg.dh_param_size !== null && scan.dhBits < cfg.dh_param_size) {
    add('dh_param_size', `DHE uses a ${scan.dhBits}-bit group, less than ${cfg.dh_param_size}`);
  }
  // ecdh_param_size: every accepted curve at least this strong.
  if (cfg.ecdh_param_size !== null) {
    for (const g of scan.groups.filter((x) => x.accepted)) {
      const bits = GROUP_BITS[g.name];
      if (bits !== undefined && bits < cfg.ecdh_param_size) {
        add(
          'ecdh_param_size',
          `accepts ECDH group ${g.name} (${bits} bits), less than ${cfg.ecdh_param_size}`,
        );
      }
    }
  }
  // hsts_min_age: Strict-Transport-Security max-age (a web-browser control; advice for API endpoints).
  if (cfg.hsts_min_age !== null && scan.hsts !== undefined) {
    const m = /max-age\s*=\s*"?(\d+)/i.exec(scan.hsts ?? '');
    const age = m ? Number(m[1]) : undefined;
    if (age === undefined || age < cfg.hsts_min_age) {
      add(
        'hsts_min_age',
        age === undefined
          ? `sends no Strict-Transport-Security max-age (profile: at least ${cfg.hsts_min_age} s)`
          : `Strict-Transport-Security max-age ${age} s is less than ${cfg.hsts_min_age} s`,
        'advice',
      );
    }
  }
  // maximum_certificate_lifespan: days between notBefore and notAfter.
  if (leaf && cfg.maximum_certificate_lifespan !== null) {
    const days = Math.round((Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / DAY_MS);
    if (days > cfg.maximum_certificate_lifespan) {
      add(
        'maximum_certificate_lifespan',
        `certificate is valid for ${days} days, more than ${cfg.maximum_certificate_lifespan}`,
      );
    }
  }
  // ocsp_staple: the server staples OCSP responses (advice: private CAs often run no OCSP responder).
  if (cfg.ocsp_staple && scan.ocspStapled === false) {
    add('ocsp_staple', 'staples no OCSP response', 'advice');
  }
  // rsa_key_size: RSA keys of at least this size.
  if (leaf?.keyType === 'rsa' && cfg.rsa_key_size !== null && (leaf.keyBits ?? 0) < cfg.rsa_key_size) {
    add(
      'rsa_key_size',
      `certificate has a ${leaf.keyBits ?? '?'}-bit RSA key, less than ${cfg.rsa_key_size}`,
    );
  }
  // server_preferred_order: whether the server should impose its cipher order.
  if (scan.serverPreferredOrder !== undefined && scan.serverPreferredOrder !== cfg.server_preferred_order) {
    add(
      'server_preferred_order',
      cfg.server_preferred_order ? 'does not impose its cipher order' : 'imposes its own cipher order',
      'advice',
    );
  }
  // tls_curves: no accepted group beyond the list.
  const curves = new Set(cfg.tls_curves);
  for (const g of scan.groups.filter((x) => x.accepted && !curves.has(x.name))) {
    add('tls_curves', `accepts key-exchange group ${g.name}, not one of ${list(cfg.tls_curves)}`);
  }
  // tls_versions: no version beyond the list, and at least one of them.
  const accepted = scan.protocols.filter((p) => p.accepted).map((p) => p.version as string);
  for (const v of accepted.filter((x) => !cfg.tls_versions.includes(x))) {
    add('tls_versions', `accepts ${v} (profile: ${list(cfg.tls_versions)})`);
  }
  if (accepted.length > 0 && !accepted.some((v) => cfg.tls_versions.includes(v))) {
    add('tls_versions', `accepts none of ${list(cfg.tls_versions)}`);
  }
  return out;
}
