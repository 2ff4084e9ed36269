// Headless Chromium (Debian's `chromium`) for tests that check what a person would see: DOM dump and screenshot.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PACKAGE_ROOT } from '../../src/core/version.js';

const run = promisify(execFile);
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Where tests leave files for people to look at (CI keeps the folder as an artifact). */
export function testArtifactsDir(): string {
  const dir = process.env.SCS_TEST_ARTIFACTS ?? join(PACKAGE_ROOT, 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function flags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profile}`,
  ];
}

async function withProfile<T>(fn: (profile: string) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'scs-cert-chromium-'));
  try {
    return await fn(profile);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The DOM after Chromium parsed and laid out the file (scripts, if any, would have run). */
export function dumpDom(file: string): Promise<string> {
  return withProfile(async (profile) => {
    const { stdout } = await run(CHROMIUM, [...flags(profile), '--dump-dom', pathToFileURL(file).href], {
      timeout: 90_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  });
}

/** A PNG screenshot of the file as Chromium renders it at the given window size. */
export function screenshot(file: string, png: string, size = '1200,1600'): Promise<void> {
  return withProfile(async (profile) => {
    await run(
      CHROMIUM,
      [...flags(profile), `--screenshot=${png}`, `--window-size=${size}`, pathToFileURL(file).href],
      { timeout: 90_000 },
    );
  });
}
