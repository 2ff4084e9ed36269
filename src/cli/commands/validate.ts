// `scs-cert validate`: check every file under standards/ (or the given scope files) against its schema and references.
import { resolve } from 'node:path';
import { bindingsForScope } from '../../standards/bindings.js';
import { compileSuite } from '../../standards/compile.js';
import { loadAllData } from '../../standards/data.js';
import { extensionsForScope } from '../../standards/extensions.js';
import { builtinScopes, loadScopeFile } from '../../standards/load-scope.js';
import type { CommandRegistration } from '../command-registration.js';
import { standardsOp } from '../selection.js';

export const registerValidateCommand: CommandRegistration = (program, io) => {
  program
    .command('validate')
    .description(
      'validate the standards data (scopes, bindings, extensions, data files) or given scope files',
    )
    .argument('[scope-files...]', 'scope YAML files to validate instead of the built-in standards')
    .action((files: string[]) => {
      standardsOp(() => {
        if (files.length) {
          for (const f of files) {
            const scope = loadScopeFile(resolve(io.cwd, f));
            io.stdout(
              `${f}: ok (${scope.name}, ${scope.versions.length} versions, ${scope.testcases.size} testcases)\n`,
            );
          }
          return;
        }
        const data = loadAllData();
        io.stdout(`standards/data: ${data.size} files ok\n`);
        for (const { alias, file } of builtinScopes()) {
          const scope = loadScopeFile(file, alias);
          const bindings = bindingsForScope(scope.uuid);
          const ext = extensionsForScope(scope.uuid);
          // Compiling every version checks bindings against probes and their parameter schemas.
          const date =
            scope.timeline
              .map((e) => e.date)
              .sort()
              .pop() ?? '1970-01-01';
          for (const v of scope.versions)
            compileSuite(scope, { referenceDate: date, forcedVersion: v.version });
          io.stdout(
            `${alias}: ok (${scope.versions.length} versions, ${scope.testcases.size} testcases, ${bindings.reduce((n, b) => n + b.bindings.size, 0)} bindings, ${ext.length} extensions)\n`,
          );
        }
      });
    });
};
