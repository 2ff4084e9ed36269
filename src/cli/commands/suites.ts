// `scs-cert suites`: regenerate or check the compiled suites committed under suites/.
import { relative } from 'node:path';
import { PACKAGE_ROOT } from '../../core/version.js';
import { staleSuites, writeCommittedSuites } from '../../suites/committed.js';
import { EXIT } from '../../core/exit-codes.js';
import type { CommandRegistration } from '../command-registration.js';
import { standardsOp } from '../selection.js';

export const registerSuitesCommand: CommandRegistration = (program, io, setExit) => {
  program
    .command('suites')
    .description(
      'regenerate (--write) or check (--check, default) the compiled suites committed under suites/',
    )
    .option('--write', 'rewrite every committed suite from the current standards data')
    .option('--check', 'fail when a committed suite is stale, missing or unexpected')
    .action((flags: { write?: boolean; check?: boolean }) => {
      if (flags.write) {
        const written = standardsOp(() => writeCommittedSuites());
        for (const p of written) io.stdout(`wrote ${relative(PACKAGE_ROOT, p)}\n`);
        return;
      }
      const problems = standardsOp(() => staleSuites());
      for (const p of problems) io.stderr(`${relative(PACKAGE_ROOT, p.path)}: ${p.problem}\n`);
      if (problems.length) {
        io.stderr('scs-cert: committed suites are out of date: run `npm run suites` and commit the result\n');
        setExit(EXIT.USAGE);
      } else io.stdout('committed suites are up to date\n');
    });
};
