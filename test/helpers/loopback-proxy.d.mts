// Types of loopback-proxy.mjs (a forward proxy on 127.0.0.1 shared by the tests and the benchmarks).

export interface LoopbackProxyOptions {
  /** Forward plain-HTTP requests (absolute-form URI); false: answer them 405, tunnel only (default true). */
  plain?: boolean;
  /** Which hosts CONNECT may reach; others get 403 (default: every host). */
  tunnelTo?: (host: string) => boolean;
  /**
   * Count the plain HTTP requests inside CONNECT tunnels too (a TLS tunnel is counted in `tlsTunnels`, as its
   * requests cannot be seen); default false: tunnels are spliced through unseen.
   */
  lookInsideTunnels?: boolean;
  /**
   * With `lookInsideTunnels`: end TLS tunnels here, presenting `cert`/`key` (a certificate the clients trust for
   * the destination, e.g. the lab's own), count their requests, and forward each over TLS trusting `ca`.
   */
  terminateTls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
}

export interface LoopbackProxy {
  /** `http://127.0.0.1:<port>`, for HTTP(S)_PROXY. */
  url: string;
  /** `CONNECT host:port` and `GET http://…` lines, in order (refused ones too). */
  seen: string[];
  /** host:port of every tunnel opened, in order. */
  tunnels: string[];
  /** Plain requests forwarded (also inside tunnels when looked into), tunnels opened, TLS tunnels among them. */
  counts: { requests: number; tunnels: number; tlsTunnels: number };
  /** Forgets what was seen and counted. */
  reset(): void;
  /** Cuts every open connection and stops listening. */
  close(): Promise<void>;
}

export function startLoopbackProxy(options?: LoopbackProxyOptions): Promise<LoopbackProxy>;
