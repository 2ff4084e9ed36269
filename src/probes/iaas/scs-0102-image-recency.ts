// scs-0102-image-recency: every public image is as recent as its replace_frequency promises, or properly replaced.
import type { Image } from '../../artifacts/iaas.js';
import type { ProbeResult } from '../../results/types.js';
import { defineProbe } from '../types.js';
import { nowMs as currentMs, requireData } from './support/data.js';
import { DAY_MS, type DateFormat, addMonths, isoOf, parseApiTimestamp, parseDate } from './support/dates.js';
import { imageLabel, isSet, prop, publicImages } from './support/images.js';
import type { ImageMetadataData, ImageMetadataDataId, RecencyRules } from './support/image-rules.js';
import { SCS_0102_STANDARDS, imageRulesParams, rulesDataId } from './support/image-rules.js';
import { type Offender, abort, decideWithDeviations, fail, listNames, pass } from './support/results.js';
import { present } from '../../core/invariant.js';

const DEFAULT_RULES: ImageMetadataDataId = 'scs-0102-image-metadata-v1';
const ALL_FORMATS: DateFormat[] = [
  'YYYY-MM-DDThh:mm:ssZ',
  'YYYY-MM-DD hh:mm:ss',
  'YYYY-MM-DD hh:mm',
  'YYYY-MM-DD',
];

type Mode = 'standard' | 'reference';

/** Recency state of one image: fine, outdated (needs a replacement), or a defect of its own. */
interface State {
  state: 'fine' | 'outdated' | 'error' | 'abort';
  why: string;
  /** Deviations whose rule put the image in this state. */
  devs: string[];
  due?: string;
}

function startOf(img: Image, mode: Mode): { t: number; from: string } {
  const built = parseDate(prop(img, 'image_build_date'), ALL_FORMATS);
  if (mode === 'reference') {
    if (built !== undefined) return { t: built, from: 'image_build_date' };
    const created = parseDate(img.created_at, ['YYYY-MM-DDThh:mm:ssZ']);
    return created !== undefined ? { t: created, from: 'created_at' } : { t: 0, from: 'none (1970)' };
  }
  // "The frequency is starting from the first release; so an image published on 2021-04-14 ..."
  const created = parseApiTimestamp(img.created_at);
  if (created !== undefined) return { t: created, from: 'created_at' };
  if (built !== undefined) return { t: built, from: 'image_build_date' };
  return { t: 0, from: 'none (1970)' };
}

/** When the next replacement was due, by the text (calendar period + grace) or by the reference (hours x margin). */
function dueOf(startMs: number, freq: string, r: RecencyRules, mode: Mode): number | undefined {
  if (mode === 'reference') {
    const hours = r.reference.hours[freq];
    return hours === undefined ? undefined : startMs + hours * 3600 * 1000 * r.reference.margin;
  }
  const period = r.periods[freq];
  if (!period) return undefined;
  return addMonths(startMs, period.months ?? 0) + (period.days ?? 0) * DAY_MS + r.graceDays * DAY_MS;
}

/**
 * Which of the two timing deviations decide whether the image is overdue: the length of the period (with grace or
 * margin) and the point it counts from. Empty when both readings agree.
 */
function timingDeviations(img: Image, freq: string, r: RecencyRules, nowMs: number): string[] {
  const late = (start: Mode, period: Mode) => {
    const due = dueOf(startOf(img, start).t, freq, r, period);
    return due !== undefined && nowMs > due;
  };
  const std = late('standard', 'standard');
  if (std === late('reference', 'reference')) return [];
  const out: string[] = [];
  if (late('standard', 'reference') !== std) out.push('recency-grace');
  if (late('reference', 'standard') !== std) out.push('recency-reference-point');
  return out.length > 0 ? out : ['recency-grace', 'recency-reference-point'];
}

function stateOf(img: Image, r: RecencyRules, nowMs: number, mode: Mode, warnings: string[]): State {
  const freqRaw = prop(img, 'replace_frequency');
  const freq = isSet(freqRaw) ? String(freqRaw) : 'never';
  if (r.exempt.includes(freq)) return { state: 'fine', why: `replace_frequency ${freq}`, devs: [] };
  const start = startOf(img, mode);
  const due = dueOf(start.t, freq, r, mode);
  if (due === undefined) {
    warnings.push(
      `${imageLabel(img)}: unknown replace_frequency ${JSON.stringify(freqRaw)} (judged by -prop-replace_frequency)`,
    );
    return { state: 'fine', why: 'unknown replace_frequency', devs: [] };
  }
  const timingDevs = timingDeviations(img, freq, r, nowMs);
  if (nowMs <= due) return { state: 'fine', why: `replacement due ${isoOf(due)}`, devs: timingDevs };
  const dueText = `${freq} replacement was due ${isoOf(due)} (counted from ${start.from})`;

  const untilRaw = prop(img, 'provided_until');
  if (untilRaw === undefined) {
    if (mode === 'reference') {
      return {
        state: 'abort',
        why: 'provided_until missing',
        devs: ['recency-missing-provided-until', ...timingDevs],
      };
    }
    return {
      state: 'error',
      why: `${dueText}, and provided_until is missing`,
      devs: ['recency-missing-provided-until', ...timingDevs],
    };
  }
  const until = String(untilRaw);
  if (r.untilLiterals.includes(until))
    return { state: 'fine', why: `provided_until ${until}`, devs: timingDevs };
  const untilMs = parseDate(until, mode === 'reference' ? r.reference.untilFormats : r.untilFormats);
  if (untilMs === undefined) {
    return {
      state: 'error',
      why: `${dueText}, and provided_until ${JSON.stringify(until)} is not a valid date`,
      devs: timingDevs,
    };
  }
  // "provided_until ... until when an image under this name will be provided and updated": the named day is included.
  const inclusiveDevs =
    nowMs > untilMs && nowMs < untilMs + DAY_MS ? ['recency-provided-until-inclusive'] : [];
  const promiseOver = mode === 'reference' ? nowMs > untilMs : nowMs >= untilMs + DAY_MS;
  if (promiseOver)
    return { state: 'fine', why: `past provided_until ${until}`, devs: [...timingDevs, ...inclusiveDevs] };
  return { state: 'outdated', why: dueText, devs: [...timingDevs, ...inclusiveDevs], due: isoOf(due) };
}

function isMarked(name: string, r: RecencyRules): boolean {
  const idx = name.lastIndexOf(' ');
  if (idx < 0) return false;
  const last = name.slice(idx + 1);
  return r.outdatedMarkers.includes(last) || parseDate(last, r.markerDateFormats) !== undefined;
}

function shortName(name: string): string | undefined {
  const idx = name.lastIndexOf(' ');
  if (idx < 0) return undefined;
  return name.slice(0, idx).trimEnd();
}

export default defineProbe({
  meta: {
    id: 'scs-0102-image-recency',
    title: 'Public images are as recent as their replace_frequency promises',
    failureTitle: 'Public images are outdated without a replacement',
    description:
      'For every public or community image that is not hidden, the replace_frequency (counted from publication, ' +
      'plus 3 days of grace) must not have run out — unless provided_until has passed or is none/notice, or an ' +
      'up-to-date image under the name without the last word (e.g. without a " YYYYMMDD" suffix) replaces it.',
    standards: SCS_0102_STANDARDS,
    artifacts: ['Images'],
    params: imageRulesParams(DEFAULT_RULES),
    deviations: [
      {
        id: 'recency-grace',
        standard:
          'Periods are calendar periods from the first release (monthly: 2021-04-14 -> 2021-05-14) and "up to 3 days later is not considered a violation".',
        reference:
          'Fixed lengths (yearly 365 d, quarterly 92 d, monthly 31 d, weekly 7x25 h, daily 25 h) times 1.1 as margin.',
      },
      {
        id: 'recency-reference-point',
        standard:
          'The period starts when the image was published ("an image published on 2021-04-14"): Glance created_at.',
        reference: 'Counts from image_build_date, falling back to created_at.',
      },
      {
        id: 'recency-missing-provided-until',
        standard: 'provided_until is mandatory; an outdated image without it is a failure of this testcase.',
        reference: 'The lookup of the missing key raises, so the testcase ABORTs.',
      },
      {
        id: 'recency-provided-until-inclusive',
        standard:
          'provided_until names the last day of the promise ("until the end of September 2022"), so the day is included.',
        reference: 'The promise ends at 00:00 UTC of the provided_until day.',
      },
      {
        id: 'recency-duplicate-names',
        standard:
          'An outdated image is replaced when any visible image under the shortened name is up to date.',
        reference: 'Looks at only one image per name (the last one listed).',
      },
    ],
  },
  evaluate(artifacts, ctx) {
    const dataId = rulesDataId(ctx, DEFAULT_RULES);
    const data = requireData<ImageMetadataData>(ctx, dataId);
    const r = data.recency;
    // Hidden images are not found by name; what the promise covers is "the image as referenced by its name".
    const images = publicImages(artifacts.Images, {
      ...data.images,
      includeHidden: false,
    });
    const nowMs = currentMs(ctx);
    const judged = images.map(imageLabel);

    return decideWithDeviations(ctx.mode, (mode): ProbeResult => {
      const warnings: string[] = [];
      const devs = new Set<string>();
      const states = new Map<Image, State>();
      for (const img of images) states.set(img, stateOf(img, r, nowMs, mode, warnings));

      const byName = new Map<string, Image[]>();
      for (const img of images) {
        const list = byName.get(img.name ?? '') ?? [];
        list.push(img);
        byName.set(img.name ?? '', list);
      }
      const dupes = [...byName.entries()].filter(([, l]) => l.length > 1).map(([n]) => n);
      if (dupes.length > 0) warnings.push(`duplicate image names: ${dupes.join(', ')}`);

      const offenders: Offender[] = [];
      const aborted: string[] = [];
      for (const [img, st] of states) {
        const label = imageLabel(img);
        if (st.state === 'fine') continue;
        if (st.state === 'abort') {
          aborted.push(`${label}: ${st.why}`);
          st.devs.forEach((d) => devs.add(d));
          continue;
        }
        if (st.state === 'error') {
          offenders.push({ resource: label, id: img.id, problem: st.why });
          st.devs.forEach((d) => devs.add(d));
          continue;
        }
        if (!isMarked(img.name ?? '', r)) {
          warnings.push(`${label} seems outdated (${st.why}) but is neither hidden nor marked by its name`);
        }
        const short = shortName(img.name ?? '');
        let candidates = short !== undefined && short !== img.name ? (byName.get(short) ?? []) : [];
        if (candidates.length > 1) devs.add('recency-duplicate-names');
        // The reference keeps one image per name: the last one listed.
        if (mode === 'reference') candidates = candidates.slice(-1);
        const replacement = candidates.find((c) => states.get(c)?.state === 'fine');
        const abortedCandidate = candidates.find((c) => states.get(c)?.state === 'abort');
        if (mode === 'reference' && abortedCandidate) {
          aborted.push(
            `${imageLabel(abortedCandidate)}: ${present(states.get(abortedCandidate), 'the state of every image').why}`,
          );
          continue;
        }
        if (!replacement) {
          offenders.push({
            resource: label,
            id: img.id,
            problem: `outdated without replacement: ${st.why}; no up-to-date image named ${JSON.stringify(short ?? '')}`,
          });
          st.devs.forEach((d) => devs.add(d));
        }
      }
      const values = { rules: dataId, now: ctx.now, graceDays: r.graceDays };
      if (aborted.length > 0) {
        return abort(
          'image-recency-undecidable',
          `Cannot judge recency: ${aborted.join('; ')}`,
          { judged, values },
          {
            warnings,
            deviations: [...devs],
          },
        );
      }
      if (offenders.length > 0) {
        return fail(
          'image-recency-outdated',
          `${offenders.length} image(s) are outdated without replacement: ${listNames(offenders.map((o) => o.resource))}. ` +
            'Upload a current build under the image name (and rename/hide the old one), or correct replace_frequency / provided_until.',
          { judged, offenders, values },
          { warnings, deviations: [...devs] },
        );
      }
      return pass(
        'image-recency-ok',
        `All ${images.length} public image(s) are recent or replaced.`,
        { judged, values },
        {
          warnings,
          deviations: [...devs],
        },
      );
    });
  },
});
