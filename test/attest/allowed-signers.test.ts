// allowed_signers semantics: pattern lists, options, validity times and failure reasons.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SshsigError,
  matchPattern,
  matchPatternList,
  parseAbsoluteTime,
  parseSignerOptions,
  verifySshsig,
} from '../../src/attest/sshsig/index.js';
import { ALLOWED_SIGNERS_CASES, expandCase } from './allowed-signers-cases.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'attest');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');
const PUB = read('keys/ed25519.pub').split(' ').slice(0, 2).join(' ');
const message = readFileSync(join(FIX, 'message.yaml'));
const sig = read('message.yaml.ed25519.sig');

describe('patterns', () => {
  it.each([
    ['mail@csp.eu', 'mail@csp.eu', true],
    ['mail@csp.eu', '*', true],
    ['mail@csp.eu', '*@*', true],
    ['mail@csp.eu', 'm*l@csp.eu', true],
    ['mail@csp.eu', 'm?il@csp.eu', true],
    ['mail@csp.eu', 'm?l@csp.eu', false],
    ['mail@csp.eu', 'mail@csp', false],
    ['mail@csp.eu', 'ail@csp.eu', false],
    ['', '*', true],
    ['', '?', false],
    ['aaa', 'a*a*a', true],
    ['ab', 'a*a', false],
  ])('%j against %j -> %s', (text, pattern, ok) => {
    expect(matchPattern(text, pattern)).toBe(ok);
  });

  it('applies negation across the list', () => {
    expect(matchPatternList('a@x', 'a@x,!a@x')).toBe(false);
    expect(matchPatternList('a@x', '!b@x')).toBe(false);
    expect(matchPatternList('a@x', '!b@x,*@x')).toBe(true);
  });
});

describe('options and times', () => {
  it('parses the time forms', () => {
    expect(parseAbsoluteTime('20240102Z')).toBe(Date.UTC(2024, 0, 2) / 1000);
    expect(parseAbsoluteTime('202401021304Z')).toBe(Date.UTC(2024, 0, 2, 13, 4) / 1000);
    expect(parseAbsoluteTime('20240102130405Z')).toBe(Date.UTC(2024, 0, 2, 13, 4, 5) / 1000);
    expect(parseAbsoluteTime('20240102')).toBe(new Date(2024, 0, 2).getTime() / 1000);
    expect(() => parseAbsoluteTime('2024010')).toThrow(/invalid time/);
    expect(() => parseAbsoluteTime('20241302')).toThrow(/invalid time/);
  });

  it('parses option lists', () => {
    expect(parseSignerOptions('cert-authority,namespaces="a,b"')).toEqual({
      certAuthority: true,
      namespaces: 'a,b',
    });
    expect(() => parseSignerOptions('namespaces="a",namespaces="b"')).toThrow(/multiple/);
    expect(() => parseSignerOptions('namespaces="a",')).toThrow(/end-of-options/);
    expect(() => parseSignerOptions('namespaces="a')).toThrow(/end quote/);
  });
});

describe('allowed_signers decisions (same table as the ssh-keygen interop test)', () => {
  it.each(ALLOWED_SIGNERS_CASES)('$name', (c) => {
    const run = () =>
      verifySshsig(message, sig, {
        allowedSigners: expandCase(c.file),
        allowedSignersName: 'as',
        identity: c.identity,
        namespace: c.namespace ?? 'report',
      });
    if (!c.fails) {
      expect(run().identity).toBe(c.identity);
    } else {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SshsigError);
      expect((err as SshsigError).code).toBe(c.fails);
    }
  });

  it('names the time bounds and the line in the reason', () => {
    expect(() =>
      verifySshsig(message, sig, {
        allowedSigners: `mail@csp.eu valid-before="20200101Z" ${PUB}`,
        allowedSignersName: 'signers',
        identity: 'mail@csp.eu',
        now: new Date('2024-05-01T00:00:00Z'),
      }),
    ).toThrow(
      'signers:1: key has expired: verify time 2024-05-01T00:00:00Z > valid-before 2020-01-01T00:00:00Z',
    );
  });

  it('uses the given verification time', () => {
    const ok = verifySshsig(message, sig, {
      allowedSigners: `mail@csp.eu valid-before="20200101Z" ${PUB}`,
      identity: 'mail@csp.eu',
      now: new Date('2019-12-31T23:59:59Z'),
    });
    expect(ok.line).toBe(1);
  });
});
