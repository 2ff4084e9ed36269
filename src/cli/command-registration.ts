// The contract between the CLI entry and each command module: one function that registers its command.
// Kept apart from main.ts so that no command module imports the entry that lazily loads it.
import type { Command } from 'commander';
import type { CliIO } from './io.js';

/** Registers one command (options, action) on `program`; `setExit` sets the process exit code. */
export type CommandRegistration = (program: Command, io: CliIO, setExit: (code: number) => void) => void;
