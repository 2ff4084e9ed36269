// Where artifacts come from: live gatherers (each artifact gathered once per run) or saved JSON files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactName } from '../artifacts/names.js';
import type { GatherContext, Gatherer } from '../gatherers/types.js';
import type { ArtifactReport } from '../results/report.js';
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

export interface ArtifactSource {
  readonly kind: ArtifactReport['source'];
  /** The artifact's value; rejects with ArtifactError naming the cause. Each artifact is produced once. */
  get(name: ArtifactName): Promise<unknown>;
  /** What happened to every artifact asked for. */
  report(): ArtifactReport[];
}

/** Saved artifacts: `<dir>/<Artifact>.json` files of the same shape a live run gathers. */
export class FileArtifactSource implements ArtifactSource {
  readonly kind = 'files' as const;
  private readonly seen = new Map<ArtifactName, ArtifactReport>();
  constructor(private readonly dir: string) {}
  async get(name: ArtifactName): Promise<unknown> {
    const file = join(this.dir, `${name}.json`);
    if (!existsSync(file)) {
      const msg = `artifact ${name} was not saved (no ${name}.json in ${this.dir})`;
      this.seen.set(name, { name, source: 'files', status: 'error', error: msg });
      throw new ArtifactError(name, msg);
    }
    try {
      const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
      this.seen.set(name, { name, source: 'files', status: 'ok' });
      return value;
    } catch (err) {
      const msg = `artifact file ${file} is not valid JSON: ${(err as Error).message}`;
      this.seen.set(name, { name, source: 'files', status: 'error', error: msg });
      throw new ArtifactError(name, msg);
    }
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
  private readonly pending = new Map<ArtifactName, Promise<unknown>>();
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

  get(name: ArtifactName): Promise<unknown> {
    let p = this.pending.get(name);
    if (!p) {
      p = this.produce(name);
      this.pending.set(name, p);
      // A rejected artifact is reported where it is awaited; avoid unhandled-rejection noise here.
      p.catch(() => undefined);
    }
    return p;
  }

  private async produce(name: ArtifactName): Promise<unknown> {
    const g = this.byName.get(name);
    if (!g) {
      const msg = `no gatherer for artifact ${name} on this kind of cloud`;
      this.reports.set(name, { name, source: this.kind, status: 'error', error: msg });
      throw new ArtifactError(name, msg);
    }
    const deps: Partial<Record<ArtifactName, unknown>> = {};
    for (const d of g.dependsOn ?? []) {
      try {
        deps[d] = await this.get(d);
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
        this.reports.set(name, { name, source: this.kind, status: 'ok', durationMs: Date.now() - started });
        this.opts.onGathered?.(name, value);
        return value;
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
    await Promise.allSettled([...this.pending.values()]);
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
