// Turns OpenStack client errors met while connecting into one-line CLI errors with the right exit code.
import {
  OpenStackAuthError,
  OpenStackCatalogError,
  OpenStackConfigError,
  OpenStackError,
  OpenStackHttpError,
  OpenStackTlsError,
  OpenStackTransportError,
} from '../clients/openstack/errors.js';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

/** OpenSSL's words when a TLS client meets a server that speaks plain HTTP. */
const PLAIN_HTTP = /wrong version number|http request|packet length too long|unknown protocol/i;

export function connectError(err: unknown): unknown {
  if (!(err instanceof OpenStackError)) return err;
  // OpenSSL messages span lines; the hint after them must not be cut off.
  const oneLine = err.message.replace(/\s*\n\s*/g, ' ').trim();
  const tls =
    err instanceof OpenStackTlsError || (err instanceof OpenStackTransportError && err.kind === 'tls');
  if (tls && PLAIN_HTTP.test(err.message)) {
    const origin = /https:\/\/[^\s/)]+/.exec(err.message)?.[0];
    return new UsageError(
      `${origin ?? 'the server'} answers plain HTTP, not HTTPS (OpenSSL: wrong version number): write ${origin ? origin.replace(/^https/, 'http') : 'http://…'} in auth_url, or give the port that speaks HTTPS`,
    );
  }
  if (
    err instanceof OpenStackHttpError &&
    err.path.endsWith('/auth/tokens') &&
    [404, 405].includes(err.status)
  ) {
    return new UsageError(
      `Keystone is not where auth_url points: POST …/auth/tokens answered HTTP ${err.status}; auth_url must name the Keystone v3 endpoint, usually ending in /v3 (e.g. https://keystone.example.com:5000/v3 or https://cloud.example.com/identity/v3): fix auth.auth_url`,
    );
  }
  // Configuration, credentials, TLS trust and a catalog without the identity service are the user's to fix;
  // anything else (timeouts, resets, 5xx) means the cloud was unavailable.
  const config =
    err instanceof OpenStackConfigError ||
    err instanceof OpenStackAuthError ||
    tls ||
    err instanceof OpenStackCatalogError;
  return new UsageError(oneLine, config ? EXIT.USAGE : EXIT.UNAVAILABLE);
}
