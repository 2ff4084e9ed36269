// Allowed-signers table shared by the unit tests and the ssh-keygen interop tests (signer = fixture ed25519 key).
// `$PUB` is the signing key, `$OTHER` an unrelated key; each expectation was checked against ssh-keygen 9.2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SshsigErrorCode } from '../../src/attest/sshsig/index.js';

const KEYS = join(import.meta.dirname, '..', 'fixtures', 'attest', 'keys');
const pubOf = (f: string) => readFileSync(join(KEYS, f), 'utf8').split(' ').slice(0, 2).join(' ');

/** Replaces the placeholders with the fixture keys. */
export function expandCase(file: string): string {
  return file.replaceAll('$PUB', pubOf('ed25519.pub')).replaceAll('$OTHER', pubOf('ecdsa256.pub'));
}

export interface AllowedSignersCase {
  name: string;
  identity: string;
  file: string;
  /** undefined = verification succeeds. */
  fails?: SshsigErrorCode;
  namespace?: string;
}

export const ALLOWED_SIGNERS_CASES: AllowedSignersCase[] = [
  { name: 'exact principal', identity: 'mail@csp.eu', file: 'mail@csp.eu $PUB' },
  { name: '* wildcard', identity: 'mail@csp.eu', file: '*@csp.eu $PUB' },
  { name: '? wildcard', identity: 'mail@csp.eu', file: '?ail@csp.eu $PUB' },
  { name: 'list with a later match', identity: 'mail@csp.eu', file: 'a@b,mail@csp.eu $PUB' },
  {
    name: 'negation wins over a wildcard',
    identity: 'mail@csp.eu',
    file: '*@csp.eu,!mail@csp.eu $PUB',
    fails: 'not-allowed',
  },
  {
    name: 'principals are case-sensitive',
    identity: 'MAIL@csp.eu',
    file: 'mail@csp.eu $PUB',
    fails: 'not-allowed',
  },
  { name: 'quoted principals with a blank', identity: 'mail@csp.eu', file: '"mail@csp.eu,x y" $PUB' },
  {
    name: 'leading blanks and a comment',
    identity: 'mail@csp.eu',
    file: '   mail@csp.eu   $PUB  some comment',
  },
  { name: 'comments and blank lines', identity: 'mail@csp.eu', file: '# comment\n\nmail@csp.eu $PUB' },
  { name: 'other key only', identity: 'mail@csp.eu', file: 'mail@csp.eu $OTHER', fails: 'not-allowed' },
  { name: 'second line has the key', identity: 'mail@csp.eu', file: 'mail@csp.eu $OTHER\nmail@csp.eu $PUB' },
  {
    name: 'namespaces mismatch',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu namespaces="file" $PUB',
    fails: 'namespace-not-permitted',
  },
  { name: 'namespaces pattern', identity: 'mail@csp.eu', file: 'mail@csp.eu namespaces="rep*" $PUB' },
  { name: 'namespaces list', identity: 'mail@csp.eu', file: 'mail@csp.eu namespaces="file,report" $PUB' },
  {
    name: 'namespaces negated',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu namespaces="*,!report" $PUB',
    fails: 'namespace-not-permitted',
  },
  {
    name: 'option keywords are case-insensitive',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu NAMESPACES="report" $PUB',
  },
  {
    name: 'unquoted option value',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu namespaces=report $PUB',
    fails: 'allowed-signers-syntax',
  },
  {
    name: 'unknown option',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu foo="x" $PUB',
    fails: 'allowed-signers-syntax',
  },
  {
    name: 'bad line skipped, next line matches',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu foo $PUB\nmail@csp.eu $PUB',
  },
  {
    name: 'refused line skipped, next line matches',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu namespaces="file" $PUB\nmail@csp.eu $PUB',
  },
  {
    name: 'expired valid-before',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu valid-before="20200101" $PUB',
    fails: 'key-expired',
  },
  {
    name: 'future valid-after (UTC)',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu valid-after="29990101Z" $PUB',
    fails: 'key-not-yet-valid',
  },
  {
    name: 'validity window around now',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu valid-after="202001011200Z",valid-before="20990101120000Z" $PUB',
  },
  { name: 'lower-case z suffix', identity: 'mail@csp.eu', file: 'mail@csp.eu valid-after="20200101z" $PUB' },
  {
    name: 'valid-before before valid-after',
    identity: 'mail@csp.eu',
    file: 'mail@csp.eu valid-before="20200101",valid-after="20300101" $PUB',
    fails: 'allowed-signers-syntax',
  },
  {
    name: 'cert-authority entry',
    identity: 'mail@csp.eu',
    file: '*@csp.eu cert-authority $PUB',
    fails: 'cert-authority-unsupported',
  },
  { name: 'identity absent', identity: 'nobody@csp.eu', file: 'mail@csp.eu $PUB', fails: 'not-allowed' },
  { name: 'CRLF line endings', identity: 'mail@csp.eu', file: 'mail@csp.eu $PUB\r\n' },
];
