// Command-line entry: builds the commander program, runs it, maps errors to one-line messages and exit codes.
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../core/version.js';
import { EXIT } from './exit-codes.js';
import { type CliIO, processIO } from './io.js';
import { UsageError } from './errors.js';
import '../targets/builtin.js'; // registers the built-in targets
import { registerCleanupCommand } from './commands/cleanup.js';
import { registerCompileCommand } from './commands/compile.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerProbesCommand } from './commands/probes.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerSuitesCommand } from './commands/suites.js';
import { registerValidateCommand } from './commands/validate.js';
import { registerFlavorNameCommand } from './commands/flavor-name.js';
import { registerDemoCloudCommand } from './commands/demo-cloud.js';
import { signCommand } from './commands/sign.js';
import { uploadCommand } from './commands/upload.js';
import { verifyCommand } from './commands/verify.js';
import { registerDataCommand } from './commands/data.js';
import { registerGaiaxCommand } from './commands/gaiax.js';

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.COMPLIANT;
  const program = new Command('scs-cert')
    .description('Certify clouds against the Sovereign Cloud Stack (SCS) standards.')
    .version(TOOL_VERSION, '--version', 'print the tool version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true)
    .enablePositionalOptions();
  const setExit = (code: number) => {
    exitCode = code;
  };
  for (const register of commandRegistrations) register(program, io, setExit);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      )
        return EXIT.COMPLIANT;
      return EXIT.USAGE;
    }
    if (err instanceof UsageError) {
      io.stderr(`scs-cert: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`scs-cert: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.INTERNAL;
  }
}

export type CommandRegistration = (program: Command, io: CliIO, setExit: (code: number) => void) => void;

/** Every command module adds itself here (one file per command under src/cli/commands/). */
const commandRegistrations: CommandRegistration[] = [
  registerRunCommand,
  registerEvaluateCommand,
  registerCompileCommand,
  registerReportCommand,
  registerSuitesCommand,
  registerProbesCommand,
  registerValidateCommand,
  registerCleanupCommand,
  registerFlavorNameCommand,
  registerDemoCloudCommand,
  signCommand,
  verifyCommand,
  uploadCommand,
  registerDataCommand,
  registerGaiaxCommand,
];
