// Command-line entry: builds the commander program, runs it, maps errors to one-line messages and exit codes.
// Start-up stays as cheap as bare node: only the command being run is imported (with its dependencies); the
// others are listed by name, usage and summary from the table at the end of this file. The build bundles this
// module with commander and each command's modules into one file each (scripts/bundle-cli.mjs).
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../core/version.js';
import { EXIT } from '../core/exit-codes.js';
import { type CliIO, processIO } from './io.js';
import { UsageError } from '../core/errors.js';
import { learnEnvironmentSecrets, redact, redactor } from '../core/redact.js';
import { escapeControl } from '../core/control-chars.js';
import { addDebugOption } from './debug-option.js';
import { disableDebug } from './debug.js';
import type { CommandRegistration } from './command-registration.js';

export async function main(argv: string[], rawIO: CliIO = processIO()): Promise<number> {
  // Every line the CLI prints passes the redaction layer; secrets from the environment are known up front.
  learnEnvironmentSecrets(rawIO.env);
  const rawPrompt = rawIO.promptSecret;
  const io: CliIO = {
    ...rawIO,
    stdout: (text) => rawIO.stdout(redact(text)),
    stderr: (text) => rawIO.stderr(redact(text)),
    ...(rawPrompt && {
      promptSecret: async (question: string) => {
        const answer = await rawPrompt(question);
        redactor.addSecret(answer);
        return answer;
      },
    }),
  };
  let exitCode: number = EXIT.COMPLIANT;
  const setExit = (code: number) => {
    exitCode = code;
  };
  if (argv.length === 0) {
    // A bare call is a usage mistake (as with most CLIs): show what there is to do, on stderr, and exit 64.
    const program = await buildProgram(io, setExit, new Set());
    addDebugOption(program, io);
    program.outputHelp({ error: true });
    return EXIT.USAGE;
  }
  try {
    const program = await buildProgram(io, setExit, commandsNeeded(argv));
    addDebugOption(program, io);
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
      io.stderr(`scs-cert: ${escapeControl(err.message)}\n`);
      return err.exitCode;
    }
    io.stderr(`scs-cert: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.INTERNAL;
  } finally {
    disableDebug();
  }
}

/** A command as the top-level help lists it, and how to load the module that registers it in full. */
export interface LazyCommand {
  name: string;
  /** What follows the name in the top-level help: `[options]` when it has options, then its arguments. */
  usage: string;
  /** The command's description, shown in the top-level help without loading the command. */
  summary: string;
  load: () => Promise<CommandRegistration>;
}

/**
 * The program with every command named; `load` says which commands are registered in full (options, action),
 * 'all' loads every one (tests compare that program's help with the lazy one).
 */
export async function buildProgram(
  io: CliIO,
  setExit: (code: number) => void,
  load: ReadonlySet<string> | 'all',
): Promise<Command> {
  const program = new Command('scs-cert')
    .description('Certify clouds against the Sovereign Cloud Stack (SCS) standards.')
    .version(TOOL_VERSION, '--version', 'print the tool version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showSuggestionAfterError(true)
    .enablePositionalOptions();
  const listed = new Map<Command, string>();
  for (const c of COMMANDS) {
    if (load === 'all' || load.has(c.name)) (await c.load())(program, io, setExit);
    else listed.set(program.command(c.name).description(c.summary), `${c.name} ${c.usage}`.trim());
  }
  const help = program.createHelp();
  program.configureHelp({ subcommandTerm: (cmd) => listed.get(cmd) ?? help.subcommandTerm(cmd) });
  return program;
}

/** The command named on the command line (also after `help`); none for `--help`, `--version` or no command. */
export function commandsNeeded(argv: readonly string[]): Set<string> {
  const words = argv.filter((a) => !a.startsWith('-'));
  const first = words[0] === 'help' ? words[1] : words[0];
  return new Set(first === undefined ? [] : [first]);
}

/** Every command, in the order of the help; each module registers its command (one file per command). */
export const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'run',
    usage: '[options] <scope>',
    summary: 'certify a cloud against a scope: gather, judge, and write json/yaml/junit/md reports',
    load: async () => (await import('./commands/run.js')).registerRunCommand,
  },
  {
    name: 'evaluate',
    usage: '[options] <scope>',
    summary:
      'evaluate saved artifacts (--artifacts DIR) or replay a recording (--from DIR) offline, and write reports',
    load: async () => (await import('./commands/evaluate.js')).registerEvaluateCommand,
  },
  {
    name: 'compile',
    usage: '[options] <scope>',
    summary: 'compile a scope into an explicit probe suite (JSON) for a date and selection',
    load: async () => (await import('./commands/compile.js')).registerCompileCommand,
  },
  {
    name: 'report',
    usage: '[options] <report.json>',
    summary: 're-render a stored JSON report: console summary, or files in other formats',
    load: async () => (await import('./commands/report.js')).registerReportCommand,
  },
  {
    name: 'suites',
    usage: '[options]',
    summary: 'regenerate (--write) or check (--check, default) the compiled suites committed under suites/',
    load: async () => (await import('./commands/suites.js')).registerSuitesCommand,
  },
  {
    name: 'probes',
    usage: '[options]',
    summary: 'list the probes scs-cert ships, what they gather and which testcases they judge',
    load: async () => (await import('./commands/probes.js')).registerProbesCommand,
  },
  {
    name: 'validate',
    usage: '[scope-files...]',
    summary: 'validate the standards data (scopes, bindings, extensions, data files) or given scope files',
    load: async () => (await import('./commands/validate.js')).registerValidateCommand,
  },
  {
    name: 'cleanup',
    usage: '[options]',
    summary:
      'delete leftovers of earlier runs: only resources whose name starts with the prefix, never those of a run still alive',
    load: async () => (await import('./commands/cleanup.js')).registerCleanupCommand,
  },
  {
    name: 'flavor-name',
    usage: '',
    summary: 'Check, describe, convert and shorten SCS flavor names (scs-0100)',
    load: async () => (await import('./commands/flavor-name.js')).registerFlavorNameCommand,
  },
  {
    name: 'demo-cloud',
    usage: '[options]',
    summary: 'run the embedded reference cloud (a local OpenStack API demo) until Ctrl-C',
    load: async () => (await import('./commands/demo-cloud.js')).registerDemoCloudCommand,
  },
  {
    name: 'sign',
    usage: '[options] <report>',
    summary:
      'sign a report: an SSH signature like `ssh-keygen -Y sign -n report` (default), or a VC-JWT credential with --vc',
    load: async () => (await import('./commands/sign.js')).signCommand,
  },
  {
    name: 'verify',
    usage: '[options] <file>',
    summary:
      'verify an SSH signature of a report (like `ssh-keygen -Y verify`) or a report credential (.vc.jwt); exit 3 when verification fails',
    load: async () => (await import('./commands/verify.js')).verifyCommand,
  },
  {
    name: 'upload',
    usage: '[options] <report>',
    summary: 'sign a report YAML and upload it to the SCS compliance monitor (POST <monitor>/reports)',
    load: async () => (await import('./commands/upload.js')).uploadCommand,
  },
  {
    name: 'data',
    usage: '',
    summary: 'offline data for checks that need upstream information',
    load: async () => (await import('./commands/data.js')).registerDataCommand,
  },
  {
    name: 'gaiax',
    usage: '[options]',
    summary:
      "issue Gaia-X 25.11+fix.1 credentials (VC-JWT) for the cloud's VM offering, its flavors and images, and its SCS conformity",
    load: async () => (await import('./commands/gaiax.js')).registerGaiaxCommand,
  },
  {
    name: 'diff',
    usage: '[options] <before.json> <after.json>',
    summary: 'compare two JSON reports: newly failing, fixed, changed verdicts, expiring results',
    load: async () => (await import('./commands/diff.js')).registerDiffCommand,
  },
  {
    name: 'fleet',
    usage: '[options] <fleet.yaml>',
    summary: 'certify many subjects from a fleet file: bounded concurrency, a log each, one summary',
    load: async () => (await import('./commands/fleet.js')).registerFleetCommand,
  },
  {
    name: 'completion',
    usage: '<shell>',
    summary: 'print a shell completion script (bash, zsh or fish)',
    load: async () => (await import('./commands/completion.js')).registerCompletionCommand,
  },
];
