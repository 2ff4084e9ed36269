// `scs-cert compile`: resolve versions for a date, expand modules, bind probes, write the CompiledSuite JSON.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScope } from '../../standards/load-scope.js';
import { compileSuite } from '../../standards/compile.js';
import type { CompiledSuite } from '../../standards/compiled-suite.js';
import type { CommandRegistration } from '../command-registration.js';
import { addSelectionOptions, resolveSelection, standardsOp, type SelectionFlags } from '../selection.js';

export function summarizeSuite(suite: CompiledSuite): string {
  const lines = [
    `${suite.scope.name} on ${suite.referenceDate}: ${suite.versions.map((v) => `${v.version} (${v.validity})`).join(', ')}`,
  ];
  for (const v of suite.versions) {
    for (const [target, ids] of Object.entries(v.targets))
      lines.push(`  ${v.version} ${target}: ${ids.length} testcases`);
  }
  const notImpl = suite.testcases.filter((t) => t.probe === null);
  lines.push(
    `  ${suite.testcases.length} distinct testcases; ${notImpl.length} not implemented${notImpl.length ? `: ${notImpl.map((t) => t.id).join(', ')}` : ''}`,
  );
  lines.push(`  artifacts to gather: ${suite.artifacts.join(', ') || '(none)'}`);
  lines.push(`  digest ${suite.digest}`);
  return `${lines.join('\n')}\n`;
}

export const registerCompileCommand: CommandRegistration = (program, io) => {
  const cmd = program
    .command('compile')
    .description('compile a scope into an explicit probe suite (JSON) for a date and selection')
    .argument(
      '<scope>',
      'scope id (scs-compatible-iaas, scs-compatible-kaas), its uuid, or a scope YAML path',
    )
    .option('-o, --output <file>', 'write the suite to this file (default: stdout)')
    .option('--summary', 'print a human summary instead of the JSON');
  addSelectionOptions(cmd).action(
    (scopeArg: string, flags: SelectionFlags & { output?: string; summary?: boolean }) => {
      const sel = resolveSelection(flags);
      const suite = standardsOp(() => {
        const scope = loadScope(scopeArg, io.cwd);
        return compileSuite(scope, {
          referenceDate: sel.referenceDate,
          ...(sel.forcedVersion !== undefined && { forcedVersion: sel.forcedVersion }),
          ...(sel.tests !== undefined && { tests: sel.tests }),
          ...(sel.sections !== undefined && { sections: sel.sections }),
          extensions: sel.extensions,
        });
      });
      const json = (): string => `${JSON.stringify(suite, null, 2)}\n`;
      if (flags.output) {
        writeFileSync(resolve(io.cwd, flags.output), json());
        io.stderr(summarizeSuite(suite));
      } else if (flags.summary) {
        io.stdout(summarizeSuite(suite));
      } else {
        io.stdout(json());
      }
    },
  );
};
