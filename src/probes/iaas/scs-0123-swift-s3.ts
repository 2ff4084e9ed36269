// scs-0123-swift-s3 (v1): an S3 API is offered — announced in the catalog, or answering on the object-store host.
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { serviceLabel, servicesOfType } from './support/catalog.js';
import { requireData } from './support/data.js';
import { abort, decideWithDeviations, fail, pass } from './support/results.js';
import { SERVICES_DATA, type ServicesData } from './scs-0123-service.js';

/** The answers of an S3 API to a ListBuckets with an unknown access key. */
const S3_ANSWERS = /InvalidAccessKeyId|NoSuchKey/;

export default defineProbe({
  meta: {
    id: 'scs-0123-swift-s3',
    title: 'An S3 API is offered',
    failureTitle: 'No S3 API found',
    description:
      'scs-0123 v1 makes the S3 API mandatory. PASS when the catalog announces S3 (type s3 or object-store-s3), or when ' +
      'the host of the object-store endpoint answers an S3 ListBuckets with an unknown key with InvalidAccessKeyId.',
    standards: [
      {
        id: 'scs-0123-v1',
        url: 'https://docs.scs.community/standards/scs-0123-v1-mandatory-and-supported-IaaS-services',
      },
      {
        id: 'scs-0123-w1',
        url: 'https://docs.scs.community/standards/scs-0123-w1-mandatory-and-supported-IaaS-services-implementation',
      },
    ],
    artifacts: ['ServiceCatalog', 'S3Check'],
    deviations: [
      {
        id: 'swift-s3-no-object-store',
        standard:
          'v1: s3 is a mandatory API and "The endpoints of services MUST be findable through the catalog list": a cloud with neither an S3 catalog entry nor an object-store offering S3 fails.',
        reference:
          'PASSes when the catalog has no object-store service (the testcase was relaxed in June 2026).',
      },
      {
        id: 'swift-s3-catalog-entry',
        standard:
          'An S3 service announced in the catalog (type s3 or object-store-s3) is found through the catalog, as the text asks.',
        reference: 'Ignores S3 catalog entries and only probes the object-store host.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const catalog = artifacts.ServiceCatalog;
    const data = requireData<ServicesData>(ctx, SERVICES_DATA);
    const s3Entries = servicesOfType(catalog, data.s3Types).filter((s) => s.endpoints.length > 0);
    const objectStores = servicesOfType(catalog, ['object-store']);
    const check = artifacts.S3Check;
    const judged = [...s3Entries, ...objectStores].map(serviceLabel);
    const values = {
      s3CatalogEntries: s3Entries.map(serviceLabel),
      objectStore: objectStores.length > 0,
      ...(check
        ? {
            objectStoreEndpoint: check.objectStoreEndpoint ?? null,
            s3Endpoint: check.s3Endpoint ?? null,
            httpStatus: check.httpStatus ?? null,
            errorCode: check.errorCode ?? null,
            ...(check.transportError ? { transportError: check.transportError } : {}),
          }
        : {}),
    };

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      if (mode === 'standard' && s3Entries.length > 0) {
        return pass(
          's3-in-catalog',
          `S3 is announced in the catalog: ${s3Entries.map(serviceLabel).join(', ')}.`,
          { judged, values },
          {
            deviations: ['swift-s3-catalog-entry'],
          },
        );
      }
      if (objectStores.length === 0) {
        if (mode === 'reference') {
          return pass(
            's3-no-object-store',
            'No object-store in the catalog; the reference skips the S3 probe.',
            { judged, values },
            {
              deviations: ['swift-s3-no-object-store'],
            },
          );
        }
        return fail(
          's3-missing',
          'The catalog announces no S3 service (type object-store-s3 or s3) and has no object-store whose host could ' +
            'offer S3. Offer an S3 API and register it in the Keystone catalog (type object-store-s3), documenting its endpoint.',
          { judged, offenders: [{ resource: 's3', problem: 'missing' }], values },
          { deviations: ['swift-s3-no-object-store'] },
        );
      }
      if (!check || !check.s3Endpoint) {
        return abort(
          's3-not-probed',
          check?.objectStoreEndpoint
            ? `The object-store endpoint ${check.objectStoreEndpoint} has no scheme://host/ prefix to probe for S3; no verdict.`
            : 'The S3 probe against the object-store host did not run; no verdict.',
          { judged, values },
          { deviations: ['swift-s3-catalog-entry'] },
        );
      }
      const answer = [check.errorCode, check.errorMessage].filter(Boolean).join(' ');
      if (S3_ANSWERS.test(answer)) {
        return pass(
          's3-on-object-store-host',
          `${check.s3Endpoint} answers as an S3 API (${check.errorCode ?? answer}).`,
          { judged, values },
          { deviations: ['swift-s3-catalog-entry'] },
        );
      }
      if (
        !check.transportError &&
        check.httpStatus !== undefined &&
        check.httpStatus >= 200 &&
        check.httpStatus < 300
      ) {
        return abort(
          's3-unexpected-success',
          `${check.s3Endpoint} listed buckets for a non-existent access key; cannot tell whether this is S3.`,
          { judged, values },
          { deviations: ['swift-s3-catalog-entry'] },
        );
      }
      return fail(
        's3-not-answering',
        `${check.s3Endpoint} does not answer as an S3 API (${check.transportError ?? (answer || `HTTP ${check.httpStatus ?? '?'}`)}). ` +
          'Offer S3 next to Swift on the object-store host (e.g. the Swift s3api middleware or RGW with S3 enabled), or register the S3 service in the catalog as object-store-s3.',
        { judged, offenders: [{ resource: check.s3Endpoint, problem: 'no S3 answer' }], values },
        { deviations: ['swift-s3-catalog-entry'] },
      );
    });
  },
});
