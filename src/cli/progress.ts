// Live progress on a terminal (one status line), plain timestamped log lines otherwise; quiet and verbose modes.
import type { Logger } from '../core/logger.js';
import type { RunEvent } from '../runner/execute.js';
import type { CliIO } from './io.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

export class Progress {
  private readonly started = Date.now();
  private status = '';
  private waiting = '';
  private done = 0;
  private total = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly live: boolean;

  constructor(
    private readonly io: CliIO,
    private readonly verbosity: Verbosity,
  ) {
    this.live = io.isTTY && verbosity !== 'quiet';
    if (this.live) {
      this.timer = setInterval(() => this.draw(), 250);
      this.timer.unref();
    }
  }

  private elapsed(): string {
    return `${((Date.now() - this.started) / 1000).toFixed(1)}s`;
  }

  private draw(): void {
    if (!this.live) return;
    const cols = Math.max(40, (process.stderr.columns ?? 100) - 1);
    const text = `[${this.elapsed()}] ${this.done}/${this.total} testcases${this.waiting ? ` — ${this.waiting}` : ''}`;
    const line = text.length > cols ? `${text.slice(0, cols - 1)}…` : text;
    if (line !== this.status) {
      this.io.stderr(`\r\x1b[2K${line}`);
      this.status = line;
    }
  }

  private line(text: string): void {
    if (this.live) {
      this.io.stderr(`\r\x1b[2K${text}\n`);
      this.status = '';
      this.draw();
    } else this.io.stderr(`[${this.elapsed()}] ${text}\n`);
  }

  readonly logger: Logger = {
    debug: (m) => {
      if (this.verbosity === 'verbose') this.line(`debug: ${m}`);
    },
    info: (m) => {
      if (this.verbosity === 'verbose' || (!this.live && this.verbosity === 'normal')) this.line(m);
    },
    warn: (m) => {
      if (this.verbosity !== 'quiet') this.line(`warning: ${m}`);
    },
    error: (m) => this.line(`error: ${m}`),
  };

  /** What a long-running gatherer is waiting for right now. */
  readonly progress = (what: string): void => {
    this.waiting = what;
    if (this.live) this.draw();
    else if (this.verbosity !== 'quiet') this.line(what);
  };

  onEvent = (e: RunEvent): void => {
    if (e.type === 'testcase-done') {
      this.done = e.done;
      this.total = e.total;
      if (this.verbosity === 'verbose') this.line(`${e.id}: ${e.outcome}`);
      else this.draw();
    } else if (e.type === 'preflight-failed') {
      this.line(`pre-flight check failed: ${e.reason}`);
    }
  };

  setTotal(n: number): void {
    this.total = n;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live && this.status) this.io.stderr('\r\x1b[2K');
    this.status = '';
  }
}
