// `scs-cert probes`: list the registered probes, their artifacts and the testcases bound to them.
import { builtinRegistry } from '../../probes/registry.js';
import { bindingsForScope } from '../../standards/bindings.js';
import { builtinScopes, loadScopeFile } from '../../standards/load-scope.js';
import type { CommandRegistration } from '../command-registration.js';
import { standardsOp } from '../selection.js';

export const registerProbesCommand: CommandRegistration = (program, io) => {
  program
    .command('probes')
    .description('list the probes scs-cert ships, what they gather and which testcases they judge')
    .option('--json', 'print JSON')
    .action((flags: { json?: boolean }) => {
      const bound = new Map<string, string[]>();
      standardsOp(() => {
        for (const { alias, file } of builtinScopes()) {
          const scope = loadScopeFile(file, alias);
          for (const bf of bindingsForScope(scope.uuid)) {
            for (const [tc, b] of bf.bindings) bound.set(b.probe, [...(bound.get(b.probe) ?? []), tc]);
          }
        }
      });
      const probes = builtinRegistry()
        .all()
        .map((p) => ({
          id: p.meta.id,
          title: p.meta.title,
          artifacts: p.meta.artifacts,
          standards: p.meta.standards.map((s) => s.id),
          testcases: bound.get(p.meta.id) ?? [],
          deviations: (p.meta.deviations ?? []).map((d) => d.id),
        }));
      if (flags.json) {
        io.stdout(`${JSON.stringify(probes, null, 2)}\n`);
        return;
      }
      for (const p of probes) {
        io.stdout(
          `${p.id} — ${p.title}\n  artifacts: ${p.artifacts.join(', ')}\n  testcases: ${p.testcases.length ? p.testcases.join(', ') : '(none bound)'}\n`,
        );
        if (p.deviations.length) io.stdout(`  deviations: ${p.deviations.join(', ')}\n`);
      }
    });
};
