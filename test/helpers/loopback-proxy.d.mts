// Types of loopback-proxy.mjs (a forward proxy on 127.0.0.1 shared by the tests and the benchmarks).

export interface LoopbackProxyOptions {
  /** Forward plain-HTTP requests (absolute-form URI); false: answer them 405, tunnel only (default true). */
  plain?: boolean;
  /** Which hosts CONNECT may reach; others get 403 (default: every host). */
  tunnelTo?: (host: string) => boolean;
}

export interface LoopbackProxy {
  /** `http://127.0.0.1:<port>`, for HTTP(S)_PROXY. */
  url: string;
  /** `CONNECT host:port` and `GET http://…` lines, in order (refused ones too). */
  seen: string[];
  /** host:port of every tunnel opened, in order. */
  tunnels: string[];
  /** Plain requests forwarded and tunnels opened since the start or the last reset(). */
  counts: { requests: number; tunnels: number };
  /** Forgets what was seen and counted. */
  reset(): void;
  /** Cuts every open connection and stops listening. */
  close(): Promise<void>;
}

export function startLoopbackProxy(options?: LoopbackProxyOptions): Promise<LoopbackProxy>;
