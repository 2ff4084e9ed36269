// Turns OpenStack client errors met while connecting into one-line CLI errors with the right exit code.
import {
  OpenStackAuthError,
  OpenStackCatalogError,
  OpenStackConfigError,
  OpenStackError,
  OpenStackTlsError,
} from '../clients/openstack/errors.js';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';

export function connectError(err: unknown): unknown {
  if (!(err instanceof OpenStackError)) return err;
  const oneLine = err.message.split('\n')[0] ?? err.message;
  // Configuration, credentials, TLS trust and a catalog without the identity service are the user's to fix;
  // anything else (timeouts, resets, 5xx) means the cloud was unavailable.
  const config =
    err instanceof OpenStackConfigError ||
    err instanceof OpenStackAuthError ||
    err instanceof OpenStackTlsError ||
    err instanceof OpenStackCatalogError;
  return new UsageError(oneLine, config ? EXIT.USAGE : EXIT.UNAVAILABLE);
}
