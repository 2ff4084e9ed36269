// `scs-cert data fetch`: save Kubernetes release and CVE data (scs-0210) as a snapshot for offline runs (--release-data DIR).
import { isAbsolute, join, resolve } from 'node:path';
import { homedir } from 'node:os';
import {
  ReleaseDataError,
  fetchReleaseData,
  saveSnapshot,
  SOURCES,
} from '../../clients/release-data/index.js';
import type { CommandRegistration } from '../command-registration.js';
import { UsageError } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';

export const DEFAULT_RELEASE_DATA_DIR = join('.scs-cert', 'release-data');

export const registerDataCommand: CommandRegistration = (program, io, setExit) => {
  const data = program.command('data').description('offline data for checks that need upstream information');
  data
    .command('fetch')
    .description(
      'fetch Kubernetes releases (GitHub), the official Kubernetes CVE feed and its CVE records into a snapshot directory; pass it to `run` as --release-data DIR to check without internet',
    )
    .option('--out <dir>', 'snapshot directory to write', DEFAULT_RELEASE_DATA_DIR)
    .option('--concurrency <n>', 'parallel CVE record requests', '5')
    .option('--no-cache', 'ignore and do not write the download cache (~/.cache/scs-cert/release-data)')
    .action(async (opts: { out: string; concurrency: string; cache: boolean }) => {
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
        throw new UsageError(`--concurrency ${opts.concurrency} must be a whole number from 1 to 32`);
      const out = isAbsolute(opts.out) ? opts.out : resolve(io.cwd, opts.out);
      const cacheBase = io.env.XDG_CACHE_HOME || join(io.env.HOME || homedir(), '.cache');
      const live = io.isTTY;
      let snapshot;
      try {
        snapshot = await fetchReleaseData({
          githubToken: io.env.GITHUB_TOKEN || io.env.GH_TOKEN || undefined,
          env: io.env,
          concurrency,
          ...(opts.cache ? { cacheDir: join(cacheBase, 'scs-cert', 'release-data') } : {}),
          progress: live ? (w) => io.stderr(`\r${w}   `) : undefined,
        });
      } catch (err) {
        if (err instanceof ReleaseDataError) throw new UsageError(err.message, EXIT.INCOMPLETE);
        throw err;
      }
      if (live) io.stderr('\n');
      saveSnapshot(out, snapshot, {
        releases: SOURCES.releases,
        cveFeed: SOURCES.cveFeed,
        cveRecords: SOURCES.cveRecord,
      });
      io.stdout(
        `saved ${snapshot.releases.length} releases and ${snapshot.cves.length}/${snapshot.cveIds.length} CVE records (fetched ${snapshot.fetchedAt}) to ${out}\n`,
      );
      if (snapshot.cveErrors.length) {
        io.stderr(
          `scs-cert: ${snapshot.cveErrors.length} CVE record(s) could not be fetched (${snapshot.cveErrors
            .slice(0, 3)
            .map((e) => e.id)
            .join(', ')}); version-policy-check may abort on this snapshot — fetch again later\n`,
        );
        setExit(EXIT.INCOMPLETE);
      }
    });
};
