// Reads a subset of the scs-0128 list (`--tempest-subset FILE`): one listed test id per line, `#` comments, the
// same format as the upstream .lst. Every line must name a listed test, so a typo cannot silently shrink the run.

/** The test id without Tempest's `[id-…,tags]` suffix. */
export function testName(id: string): string {
  return id.replace(/\[[^\]]*\]$/, '');
}

/**
 * The listed tests the subset names, in list order. A line matches a listed test by its name (the `[id-…,tags]`
 * suffix may be left out or differ); a line naming no listed test, or an empty subset, is an error naming the file.
 */
export function selectSubset(text: string, file: string, listed: readonly string[]): string[] {
  const byName = new Map(listed.map((t) => [testName(t), t]));
  const wanted = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const name = testName(line);
    if (!byName.has(name)) {
      throw new Error(
        `${file}:${i + 1}: "${line}" is not in the scs-0128 list; a subset may only name listed tests`,
      );
    }
    wanted.add(name);
  });
  if (!wanted.size) throw new Error(`${file}: names no test; give one listed test id per line`);
  return listed.filter((t) => wanted.has(testName(t)));
}
