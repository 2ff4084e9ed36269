// Adds `--debug` to the program and every command, and turns debug output on before the chosen action runs.
import type { Command } from 'commander';
import { enableDebug } from './debug.js';
import type { CliIO } from './io.js';

const HELP = 'print HTTP exchanges and internal steps on stderr (secrets redacted)';

function addTo(cmd: Command): void {
  if (!cmd.options.some((o) => o.long === '--debug')) cmd.option('--debug', HELP);
  for (const sub of cmd.commands) addTo(sub);
}

export function addDebugOption(program: Command, io: CliIO): void {
  addTo(program);
  program.hook('preAction', (_self, action) => {
    if (action.optsWithGlobals<{ debug?: boolean }>().debug) enableDebug(io);
  });
}
