import { describe, expect, it } from 'vitest';
import { buildProgram, commandsNeeded, COMMANDS } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

const io: CliIO = {
  stdout: () => undefined,
  stderr: () => undefined,
  isTTY: false,
  env: {},
  cwd: process.cwd(),
};

describe('lazy command loading', () => {
  it('lists every command in the top-level help exactly as the fully loaded program does', async () => {
    const lazy = await buildProgram(io, () => undefined, new Set());
    const full = await buildProgram(io, () => undefined, 'all');
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    expect(full.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });

  it('registers only the command named on the command line in full', async () => {
    const program = await buildProgram(io, () => undefined, commandsNeeded(['compile', 'x', '--summary']));
    const compile = program.commands.find((c) => c.name() === 'compile');
    const run = program.commands.find((c) => c.name() === 'run');
    expect(compile?.options.map((o) => o.long)).toContain('--summary');
    expect(run?.options).toHaveLength(0);
  });

  it('finds the command after options and after `help`', () => {
    expect([...commandsNeeded(['--help'])]).toEqual([]);
    expect([...commandsNeeded(['help', 'run'])]).toEqual(['run']);
    expect([...commandsNeeded(['flavor-name', 'check', 'SCS-2V-4'])]).toEqual(['flavor-name']);
  });
});
