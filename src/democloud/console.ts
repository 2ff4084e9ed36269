// The serial console of an emulated guest: a Linux boot log, then what its cloud-config's commands print.
import { parse as parseYaml } from 'yaml';
import type { ConsoleBehaviour } from './types.js';

/** Nova's fake driver prints exactly this, whatever the guest (the real Zed lab's console). */
export const FAKE_DRIVER_CONSOLE = 'FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE';

function stamp(seconds: number): string {
  return `[${seconds.toFixed(6).padStart(12, ' ')}]`;
}

/** Kernel and cloud-init lines every boot prints before the user's commands run. */
export function bootLines(opts: { hostname: string; distro: string; version: string }): string[] {
  const kernel = opts.distro === 'ubuntu' ? '6.8.0-79-generic' : '6.12.41+deb13-cloud-amd64';
  return [
    `${stamp(0)} Linux version ${kernel} (gcc version 14.2.0) #1 SMP PREEMPT_DYNAMIC`,
    `${stamp(0)} Command line: BOOT_IMAGE=/boot/vmlinuz-${kernel} root=PARTUUID=6d4b1d6e-01 ro console=tty0 console=ttyS0,115200`,
    `${stamp(0.000001)} x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'`,
    `${stamp(0.412233)} random: crng init done`,
    `${stamp(1.208871)} virtio_scsi virtio1: 1/0/0 default/read/poll queues`,
    `${stamp(1.774512)} EXT4-fs (sda1): mounted filesystem with ordered data mode.`,
    `${stamp(3.019042)} systemd[1]: Hostname set to <${opts.hostname}>.`,
    `${stamp(5.902317)} cloud-init[402]: Cloud-init v. 25.1.4 running 'init-local' at Thu, 01 Jan 2026 00:00:05 +0000. Up 5.81 seconds.`,
    `${stamp(9.33612)} cloud-init[488]: Cloud-init v. 25.1.4 running 'init' at Thu, 01 Jan 2026 00:00:09 +0000. Up 9.27 seconds.`,
    `${stamp(9.402651)} cloud-init[488]: ci-info: ++++++++++++++++++++++++++++++Net device info+++++++++++++++++++++++++++++++`,
    `${stamp(14.11863)} cloud-init[601]: Cloud-init v. 25.1.4 running 'modules:config' at Thu, 01 Jan 2026 00:00:14 +0000. Up 14.05 seconds.`,
  ];
}

function rngtestLines(failures: number): string[] {
  // rngtest 5 output (rng-tools5), failures spread over the FIPS 140-2 tests as the tool counts them.
  const monobit = Math.floor(failures / 3);
  const poker = Math.floor(failures / 4);
  const longRun = Math.floor(failures / 6);
  const runs = failures - monobit - poker - longRun;
  return [
    'rngtest 5',
    'Copyright (c) 2004 by Henrique de Moraes Holschuh',
    'This is free software; see the source for copying conditions.  There is NO warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.',
    '',
    'rngtest: starting FIPS tests...',
    'rngtest: bits received from input: 20000032',
    `rngtest: FIPS 140-2 successes: ${1000 - failures}`,
    `rngtest: FIPS 140-2 failures: ${failures}`,
    `rngtest: FIPS 140-2(2001-10-10) Monobit: ${monobit}`,
    `rngtest: FIPS 140-2(2001-10-10) Poker: ${poker}`,
    `rngtest: FIPS 140-2(2001-10-10) Runs: ${runs}`,
    `rngtest: FIPS 140-2(2001-10-10) Long run: ${longRun}`,
    'rngtest: FIPS 140-2(2001-10-10) Continuous run: 0',
    'rngtest: input channel speed: (min=1.871; avg=21.332; max=19073.486)Mibits/s',
    'rngtest: FIPS tests speed: (min=88.163; avg=141.707; max=161.640)Mibits/s',
    'rngtest: Program run time: 900871 microseconds',
  ];
}

function sectionOutput(section: string, behaviour: ConsoleBehaviour, occurrence: number): string[] {
  switch (section) {
    case 'entropy-avail':
      return [String(behaviour.entropyAvail)];
    case 'fips-test':
      return rngtestLines(behaviour.fipsFailures);
    case 'rngd':
      return [
        '● rngd.service - Start entropy gathering daemon (rngd)',
        '     Loaded: loaded (/usr/lib/systemd/system/rngd.service; enabled; preset: enabled)',
        '     Active: active (running) since Thu 2026-01-01 00:00:20 UTC; 4s ago',
      ];
    case 'virtio-rng':
      // first command lists the available RNGs, the second reads two bytes from /dev/hwrng
      return occurrence === 0 ? ['virtio_rng.0'] : ['  41527'];
    default:
      return [`sh: 1: ${section}: not found`];
  }
}

/**
 * What the guest prints while running its user data: for each command that prefixes its output with
 * `_scs-test-<section>: ` (as scs-0101's cloud-config does), the lines that command produces on a healthy
 * guest (or on the guest the behaviour describes), then every `echo`ed line and the final message.
 */
export function guestOutputLines(
  userData: string | null,
  behaviour: ConsoleBehaviour,
  hostname = 'demo-server',
): string[] {
  const lines: string[] = [];
  let t = 30.5;
  const at = (pid: number, text: string) => {
    t += 0.013;
    lines.push(`${stamp(t)} cloud-init[${pid}]: ${text}`);
  };
  if (!userData) {
    at(
      733,
      "Cloud-init v. 25.1.4 running 'modules:final' at Thu, 01 Jan 2026 00:00:30 +0000. Up 30.41 seconds.",
    );
    at(
      733,
      'Cloud-init v. 25.1.4 finished at Thu, 01 Jan 2026 00:00:31 +0000. Datasource DataSourceOpenStackLocal [net,ver=2].  Up 31.02 seconds',
    );
    lines.push('', `Debian GNU/Linux 13 ${hostname} ttyS0`, '', `${hostname} login: `);
    return lines;
  }
  at(
    733,
    "Cloud-init v. 25.1.4 running 'modules:final' at Thu, 01 Jan 2026 00:00:30 +0000. Up 30.41 seconds.",
  );
  // Commands run in the order they appear. Recognised: a command whose output is prefixed by awk
  // (`awk '$0="_scs-test-x: "$0'`) or by a printf loop (`printf '_scs-%s-x: %s\n' test "$l"`, which keeps
  // the literal marker out of the script), a printf of the end marker, and plain echo lines.
  const emit = (prefix: string) => {
    const section = /_scs-test-([^:]+):/.exec(prefix)?.[1];
    const occurrence = seen.get(section ?? '') ?? 0;
    seen.set(section ?? '', occurrence + 1);
    const output = section ? sectionOutput(section, behaviour, occurrence) : [''];
    for (const out of output) at(733, `${prefix}${out}`);
  };
  const seen = new Map<string, number>();
  for (const cmd of commandsOf(userData)) {
    const command =
      /awk '\$0="([^"]*?)"\$0'|printf '_scs-%s-([^:'\\]+): %s\\n' test|printf '_scs-%s-end\\n' test|echo '([^']*)'/g;
    for (const m of cmd.matchAll(command)) {
      if (m[1] !== undefined) emit(m[1]);
      else if (m[2] !== undefined) emit(`_scs-test-${m[2]}: `);
      else if (m[3] !== undefined) at(733, m[3]);
      else at(733, '_scs-test-end');
    }
  }
  const finalMessage = /^final_message:\s*"?([^"\n]*)"?\s*$/m.exec(userData)?.[1];
  at(733, finalMessage ?? 'Cloud-init v. 25.1.4 finished. Up 52.38 seconds');
  return lines;
}

/** The shell commands of a cloud-config's runcmd (each as one string), or the raw text for other user data. */
function commandsOf(userData: string): string[] {
  if (!userData.startsWith('#cloud-config')) return [userData];
  try {
    const doc = parseYaml(userData) as { runcmd?: unknown[] } | null;
    const runcmd = Array.isArray(doc?.runcmd) ? doc.runcmd : [];
    return runcmd.map((c) => (Array.isArray(c) ? c.map(String).join(' ') : String(c)));
  } catch {
    return [userData];
  }
}

/** Decodes Nova's base64 `user_data`; undefined when it is not valid base64. */
export function decodeUserData(b64: string): string | undefined {
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(b64)) return undefined;
  return Buffer.from(b64, 'base64').toString('utf8');
}
