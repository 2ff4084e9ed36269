// Where artifacts come from: live gatherers (each artifact gathered once per run) or saved JSON files; every
// value is checked against its artifact contract once, whichever way it arrived.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactName } from '../artifacts/names.js';
import type { ArtifactTypes } from '../artifacts/registry.js';
import type { ArtifactReader } from '../artifacts/source.js';
import { checkArtifact, formatPointer } from '../artifacts/validate.js';
import { RunLedger } from '../gatherers/ledger.js';
import type { Logger, ProgressFn } from '../core/logger.js';
import type { GatherContext, GatherDeps, Gatherer } from '../gatherers/types.js';
import type { ArtifactReport } from '../results/report.js';
import type { TargetSession } from '../targets/types.js';
import { Semaphore } from './semaphore.js';

export class ArtifactError extends Error {
  constructor(
    readonly artifact: ArtifactName,
    message: string,
  ) {
    super(message);
    this.name = 'ArtifactError';
  }
}

export interface ArtifactSource extends ArtifactReader {
  readonly kind: ArtifactReport['source'];
  /** The order to start gathering these in (the longest chains first); absent: as given. */
  startOrder?(names: readonly ArtifactName[]): ArtifactName[];
  /** What happened to every artifact asked for. */
  report(): ArtifactReport[];
}

/** Each artifact's promise, produced once; typed per name so a read needs no cast. */
type Memo = { [N in ArtifactName]?: Promise<ArtifactTypes[N]> };

function remember<N extends ArtifactName>(
  memo: Memo,
  name: N,
  produce: () => Promise<ArtifactTypes[N]>,
): Promise<ArtifactTypes[N]> {
  const known = memo[name];
  if (known) return known;
  const promise = produce();
  // A rejected artifact is reported where it is awaited; avoid unhandled-rejection noise here.
  promise.catch(() => undefined);
  Object.assign(memo, { [name]: promise });
  return promise;
}

/** Saved artifacts: `<dir>/<Artifact>.json` files of the same shape a live run gathers. */
export class FileArtifactSource implements ArtifactSource {
  readonly kind = 'files' as const;
  private readonly seen = new Map<ArtifactName, ArtifactReport>();
  private readonly memo: Memo = {};
  constructor(private readonly dir: string) {}
  get<N extends ArtifactName>(name: N): Promise<ArtifactTypes[N]> {
    return remember(this.memo, name, async () => this.read(name));
  }
  private read<N extends ArtifactName>(name: N): ArtifactTypes[N] {
    const file = join(this.dir, `${name}.json`);
    const fail = (msg: string): never => {
      this.seen.set(name, { name, source: 'files', status: 'error', error: msg });
      throw new ArtifactError(name, msg);
    };
    if (!existsSync(file)) return fail(`artifact ${name} was not saved (no ${name}.json in ${this.dir})`);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      return fail(`artifact file ${file} is not valid JSON: ${describeError(err)}`);
    }
    const checked = checkArtifact(name, value);
    if (!checked.ok)
      return fail(
        `artifact file ${file} does not match the ${name} contract at ${formatPointer(checked.pointer)}: ` +
          `${checked.problem}; save the artifacts again with \`scs-cert run --save-artifacts DIR\``,
      );
    this.seen.set(name, { name, source: 'files', status: 'ok' });
    return checked.value;
  }
  report(): ArtifactReport[] {
    return [...this.seen.values()];
  }
}

export interface LiveSourceOptions {
  gatherers: Gatherer[];
  context: Omit<GatherContext, 'signal'>;
  signal: AbortSignal;
  concurrency: number;
  /** Default per-gatherer timeout in ms. */
  timeoutMs: number;
  kind?: ArtifactReport['source'];
  /** Called with each successfully gathered artifact (for --record / saving artifacts). */
  onGathered?: (name: ArtifactName, value: unknown) => void;
}

/** Gathers live: each artifact once (memoised promise), dependencies first, bounded concurrency and timeouts. */
export class LiveArtifactSource implements ArtifactSource {
  readonly kind: ArtifactReport['source'];
  private readonly byName = new Map<ArtifactName, Gatherer>();
  private readonly pending: Memo = {};
  private readonly reports = new Map<ArtifactName, ArtifactReport>();
  /** Gatherer work still running after a timeout or interrupt (cleanup in progress). */
  private readonly works = new Set<Promise<unknown>>();
  private readonly passive: Semaphore;
  private readonly active: Semaphore;

  constructor(private readonly opts: LiveSourceOptions) {
    this.kind = opts.kind ?? 'live';
    for (const g of opts.gatherers) this.byName.set(g.artifact, g);
    this.passive = new Semaphore(opts.concurrency);
    // Active gatherers create resources and mostly wait; they get their own, smaller pool.
    this.active = new Semaphore(Math.max(1, Math.min(opts.concurrency, 4)));
  }

  get<N extends ArtifactName>(name: N): Promise<ArtifactTypes[N]> {
    return remember(this.pending, name, () => this.produce(name));
  }

  startOrder(names: readonly ArtifactName[]): ArtifactName[] {
    const first = (n: ArtifactName) => (this.byName.get(n)?.startFirst ? 0 : 1);
    return [...names].sort((a, b) => first(a) - first(b));
  }

  private async produce<N extends ArtifactName>(name: N): Promise<ArtifactTypes[N]> {
    const g = this.byName.get(name);
    if (!g) {
      const msg = `no gatherer for artifact ${name} on this kind of cloud`;
      this.reports.set(name, { name, source: this.kind, status: 'error', error: msg });
      throw new ArtifactError(name, msg);
    }
    const deps: GatherDeps = {};
    for (const d of g.dependsOn ?? []) {
      try {
        await this.putDep(deps, d);
      } catch (err) {
        const msg = `needs ${d}, which could not be gathered: ${(err as Error).message}`;
        this.reports.set(name, { name, source: this.kind, status: 'error', error: msg });
        throw new ArtifactError(name, msg);
      }
    }
    const pool = g.active ? this.active : this.passive;
    return pool.run(async () => {
      if (this.opts.signal.aborted) {
        const msg = 'run interrupted before it was gathered';
        this.reports.set(name, { name, source: this.kind, status: 'error', error: msg });
        throw new ArtifactError(name, msg);
      }
      const started = Date.now();
      const timeoutMs = g.timeoutMs ?? this.opts.timeoutMs;
      const controller = new AbortController();
      const onAbort = () => controller.abort(this.opts.signal.reason);
      this.opts.signal.addEventListener('abort', onAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort(new Error('timeout'));
          reject(new ArtifactError(name, `timed out after ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
      });
      const interrupted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener(
          'abort',
          () => {
            if (this.opts.signal.aborted) reject(new ArtifactError(name, 'run interrupted'));
          },
          { once: true },
        );
      });
      try {
        const work = g.gather(
          { ...this.opts.context, signal: controller.signal, defer: (later) => this.track(later) },
          deps,
        );
        this.track(work);
        const value = await Promise.race([work, timeout, interrupted]);
        const checked = checkArtifact(name, value);
        if (!checked.ok)
          throw new ArtifactError(
            name,
            `the ${this.kind === 'replay' ? 'replayed' : 'gathered'} ${name} does not match its contract at ` +
              `${formatPointer(checked.pointer)}: ${checked.problem}`,
          );
        this.reports.set(name, { name, source: this.kind, status: 'ok', durationMs: Date.now() - started });
        this.opts.onGathered?.(name, checked.value);
        return checked.value;
      } catch (err) {
        const msg = err instanceof ArtifactError ? err.message : describeError(err);
        this.reports.set(name, {
          name,
          source: this.kind,
          status: 'error',
          error: msg,
          durationMs: Date.now() - started,
        });
        throw err instanceof ArtifactError ? err : new ArtifactError(name, msg);
      } finally {
        clearTimeout(timer);
        this.opts.signal.removeEventListener('abort', onAbort);
      }
    });
  }

  /** Gathers (or recalls) `name` into `deps`, typed by its contract. */
  private async putDep<D extends ArtifactName>(deps: GatherDeps, name: D): Promise<void> {
    const value: ArtifactTypes[D] = await this.get(name);
    deps[name] = value;
  }

  /** Work that may outlive the artifact it belongs to (cleanup after a timeout, deferred deletions). */
  private track(work: Promise<unknown>): void {
    const tracked = work.catch(() => undefined).finally(() => this.works.delete(tracked));
    this.works.add(tracked);
  }

  /**
   * Wait until every started gatherer settled, including the cleanup of those that timed out or were
   * interrupted (they keep running after their result was given up), at most `graceMs`.
   */
  async settle(graceMs = 300_000): Promise<boolean> {
    await Promise.allSettled(Object.values(this.pending));
    if (this.works.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      Promise.allSettled([...this.works]).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    return done;
  }

  report(): ArtifactReport[] {
    return [...this.reports.values()];
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.message;
  return String(err);
}

/**
 * Saved artifacts in `dir`, or in `dir/artifacts` when `dir` is a recording (`run --record DIR` keeps its
 * artifacts one level down).
 */
export function savedArtifactSource(dir: string): FileArtifactSource {
  const nested = join(dir, 'artifacts');
  const useNested = !existsSync(join(dir, 'Flavors.json')) && existsSync(join(nested, 'Flavors.json'));
  return new FileArtifactSource(useNested ? nested : dir);
}

/** A live source over an opened target session, for commands that need a few passive artifacts (gaiax). */
export function sessionArtifactSource(
  session: TargetSession,
  opts: { log: Logger; progress: ProgressFn; signal: AbortSignal; timeoutMs?: number },
): LiveArtifactSource {
  return new LiveArtifactSource({
    gatherers: session.gatherers,
    context: {
      clients: session.clients,
      ledger: new RunLedger(session.ledgerPrefix),
      log: opts.log,
      progress: opts.progress,
      options: session.options,
      data: {},
    },
    signal: opts.signal,
    concurrency: 4,
    timeoutMs: opts.timeoutMs ?? 300_000,
  });
}
