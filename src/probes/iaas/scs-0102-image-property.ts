// scs-0102-prop-*: every public image carries a valid value for one metadata property (rules are data).
import { defineProbe } from '../types.js';
import { nowMs as currentMs, requireData, stringParam } from './support/data.js';
import { imageLabel, publicImages } from './support/images.js';
import {
  SCS_0102_STANDARDS,
  type ImageMetadataData,
  type ImageMetadataDataId,
  judgeProperty,
  rulesDataId,
  rulesParam,
} from './support/image-rules.js';
import { type Offender, abort, decideWithDeviations, fail, listNames, pass } from './support/results.js';

export const DEFAULT_IMAGE_METADATA: ImageMetadataDataId = 'scs-0102-image-metadata-v1';

export default defineProbe({
  meta: {
    id: 'scs-0102-image-property',
    title: 'Public images carry a valid value for an image-metadata property',
    failureTitle: 'Public images lack a valid value for an image-metadata property',
    description:
      'Judges every public or community (not hidden) image for one property of the SCS image metadata standard; ' +
      'which property and which rule come from the testcase binding and the scs-0102 data file.',
    standards: SCS_0102_STANDARDS,
    artifacts: ['Images'],
    params: {
      type: 'object',
      additionalProperties: false,
      required: ['property'],
      properties: {
        property: {
          type: 'string',
          minLength: 1,
          description: 'rule name under `properties` in the data file',
        },
        rules: rulesParam(DEFAULT_IMAGE_METADATA, 'data file with the rules'),
      },
    },
    deviations: [
      {
        id: 'architecture-vocabulary',
        standard:
          'architecture "must follow the OpenStack specifications" (Glance useful image properties): any value of that vocabulary (Glance\'s list plus the libosinfo names aarch64, riscv32, riscv64 it defers to), e.g. ppc64 or s390x, is valid; amd64 or risc-v are not.',
        reference: 'Accepts only x86_64, aarch64 and risc-v (risc-v is not in the Glance vocabulary).',
      },
      {
        id: 'os-distro-vocabulary',
        standard:
          'os_distro "must follow the OpenStack specifications"; Glance\'s os_distro uses the open libosinfo vocabulary, so any non-empty value passes and a value outside the recognised Glance list (arch, centos, debian, …, ubuntu, windows) is reported as a warning.',
        reference: 'Accepts any non-empty os_distro without remark.',
      },
      {
        id: 'hypervisor-type-vocabulary',
        standard:
          'hypervisor_type, if specified, follows the Glance vocabulary (hyperv, ironic, kvm, lxc, qemu, uml, vmware, xen).',
        reference:
          'Accepts qemu, kvm, xen, hyper-v, esxi (hyper-v and esxi are not Glance values; hyperv, vmware, lxc are rejected).',
      },
      {
        id: 'hw-disk-bus',
        standard:
          'hw_disk_bus is mandatory ("The following properties are considered mandatory: ... hw_disk_bus"); values as in the Glance documentation (scsi, virtio, uml, xen, ide, usb, lxc).',
        reference: 'Accepts a missing hw_disk_bus and only the values virtio and scsi.',
      },
      {
        id: 'min-disk-size-unknown',
        standard:
          'min_disk must be set; it is compared with the image size only when Glance reports a size (otherwise a warning).',
        reference:
          'An image with min_disk set but no size makes the comparison raise, so the testcase ABORTs.',
      },
      {
        id: 'build-date-format',
        standard: 'image_build_date "needs to be YYYY-MM-DD or YYYY-MM-DD hh:mm[:ss]".',
        reference: 'Also accepts the ISO form YYYY-MM-DDThh:mm:ssZ.',
      },
      {
        id: 'image-source-url',
        standard:
          'image_source "needs to be a URL" (or "private"): a parseable http(s)/ftp(s) URL with a host.',
        reference:
          'Only checks that the text before the first "://" is http, https, ftp or ftps (e.g. "https://" alone passes).',
      },
      {
        id: 'provided-until-format',
        standard: 'provided_until is "a date in YYYY-MM-DD format", or none, or notice.',
        reference: 'Accepts any non-empty value.',
      },
      {
        id: 'uuid-validity',
        standard:
          'uuid_validity is mandatory ("The three properties uuid_validity, provided_until and replace_frequency are mandatory") and one of none, last-N, YYYY-MM-DD, notice, forever.',
        reference: 'Accepts a missing uuid_validity, and dates also with a time part.',
      },
      {
        id: 'os-purpose-oldgeneric-v1',
        standard:
          'scs-0102 v1 allows exactly generic, minimal, k8snode, gpu, network, custom ("no other values are currently allowed").',
        reference: 'Also accepts oldgeneric (introduced by v2). Only with rules scs-0102-image-metadata-v1.',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const property = stringParam(ctx, 'property');
    const dataId = rulesDataId(ctx, DEFAULT_IMAGE_METADATA);
    const data = requireData<ImageMetadataData>(ctx, dataId);
    const rule = data.properties[property];
    if (!rule) {
      throw new Error(
        `testcase ${ctx.testcaseId}: no rule '${property}' in ${dataId}; fix the binding's property`,
      );
    }
    const images = publicImages(artifacts.Images, data.images);
    const nowMs = currentMs(ctx);
    const judged = images.map(imageLabel);
    const values = { property: rule.key, rules: dataId, level: rule.level, required: rule.required };
    const deviations = rule.deviation ? [rule.deviation] : [];

    return decideWithDeviations(ctx.mode, (mode) => {
      const { required, check } = mode === 'reference' && rule.reference ? rule.reference : rule;
      const offenders: Offender[] = [];
      const warnings: string[] = [];
      const undecidable: string[] = [];
      for (const img of images) {
        const v = judgeProperty(img, rule.key, required, check, nowMs);
        if (v.problem) offenders.push({ resource: imageLabel(img), id: img.id, problem: v.problem });
        if (v.warning) warnings.push(`${imageLabel(img)}: ${v.warning}`);
        if (v.undecidable)
          (mode === 'reference' ? undecidable : warnings).push(`${imageLabel(img)}: ${v.undecidable}`);
      }
      if (undecidable.length > 0) {
        return abort(
          'image-property-undecidable',
          `Cannot judge ${rule.key}: ${undecidable.join('; ')}`,
          { judged, values },
          { warnings, deviations },
        );
      }
      if (offenders.length > 0) {
        return fail(
          'image-property-invalid',
          `${offenders.length} public image(s) lack a valid ${rule.key}: ${listNames(offenders.map((o) => o.resource))}. ` +
            `Set ${rule.key} on these images as ${data.standard} requires (openstack image set --property ${rule.key}=...).`,
          { judged, offenders, values },
          { warnings, deviations },
        );
      }
      if (images.length === 0) {
        return pass(
          'image-property-no-images',
          'No public images to judge.',
          { judged, values },
          { warnings },
        );
      }
      return pass(
        'image-property-valid',
        `All ${images.length} public image(s) have a valid ${rule.key}.`,
        { judged, values },
        { warnings, deviations },
      );
    });
  },
});
