// What Tempest reports for the scs-0128 list on the lab (Debian Zed, fake compute driver, no guest networking),
// measured and grouped by reason; docs/integration-lab.md shows the same tables. Every listed test not named here
// passes on the lab.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../src/core/version.js';

/** Why a listed test does not pass on the lab. */
export type LabReason =
  | 'fake-driver' // Nova's fake compute driver does not do it (snapshots, …)
  | 'single-host' // one compute host: resize finds no other host
  | 'no-guest-networking' // no data plane: nothing reaches a guest
  | 'zed' // the API is newer than Zed
  | 'config'; // the cloud's configuration (Keystone password rules, Tempest feature flags)

export interface LabOutcome {
  /** The test's name, without the `[id-…,tags]` suffix. */
  test: string;
  result: 'fail' | 'skip';
  why: LabReason;
  /** What the report says (the failure's last traceback line, the skip reason). */
  detail: RegExp;
}

const NOT_PASSING: LabOutcome[] = [
  // Nova's fake driver "snapshots" without uploading: the image stays SAVING until Tempest's 300-s build timeout.
  ...['test_create_delete_image', 'test_create_image_specify_multibyte_character_image_name'].map(
    (t): LabOutcome => ({
      test: `tempest.api.compute.images.test_images_oneserver.ImagesOneServerTestJSON.${t}`,
      result: 'fail',
      why: 'fake-driver',
      detail: /failed to reach ACTIVE state \(current state SAVING\) within the required time \(300 s\)/,
    }),
  ),
  // One compute host and allow_resize_to_same_host off: the scheduler finds no host (NoValidHost), the server
  // stays ACTIVE and never reaches VERIFY_RESIZE.
  ...['test_resize_server_confirm', 'test_resize_server_revert'].map((t): LabOutcome => ({
    test: `tempest.api.compute.servers.test_server_actions.ServerActionsTestJSON.${t}`,
    result: 'fail',
    why: 'single-host',
    detail: /failed to reach VERIFY_RESIZE status and task state "None" within the required time \(300 s\)/,
  })),
  // The member already owns the lab's application credential (lab-member-ac): the list shows 3, not Tempest's 2.
  {
    test: 'tempest.api.identity.v3.test_application_credentials.ApplicationCredentialsV3Test.test_list_application_credentials',
    result: 'fail',
    why: 'config',
    detail: /MismatchError: 2 != 3/,
  },
  // run_validation = false: no SSH into a guest (there is none to reach).
  ...['test_host_name_is_same_as_server_name', 'test_verify_created_server_vcpus'].map((t): LabOutcome => ({
    test: `tempest.api.compute.servers.test_create_server.ServersTestJSON.${t}`,
    result: 'skip',
    why: 'no-guest-networking',
    detail: /Instance validation tests are disabled/,
  })),
  // scs-cert gives Tempest one pre-provisioned account: tests that need a second user skip.
  {
    test: 'tempest.api.identity.v3.test_projects.IdentityV3ProjectsTest.test_list_projects_returns_only_authorized_projects',
    result: 'skip',
    why: 'config',
    detail: /Missing a 2nd set of API credentials in configuration/,
  },
  // [identity-feature-enabled] security_compliance stays off: a member cannot see Keystone's PCI-DSS options, and
  // these tests change the member's own password.
  ...['test_password_history_check_self_service_api', 'test_user_update_own_password'].map(
    (t): LabOutcome => ({
      test: `tempest.api.identity.v3.test_users.IdentityV3UsersTest.${t}`,
      result: 'skip',
      why: 'config',
      detail: /Security compliance not available/,
    }),
  ),
];

/** The test's name without Tempest's `[id-…,tags]` suffix. */
export function name(id: string): string {
  return id.replace(/\[[^\]]*\]$/, '');
}

const LIST = (
  parse(readFileSync(join(PACKAGE_ROOT, 'standards/data/scs-0128-tempest-non-admin.yaml'), 'utf8')) as {
    tests: string[];
  }
).tests.map(name);

/** Every listed test with its outcome on the lab. */
export const LAB_TEMPEST: Array<{ test: string; result: 'pass' | 'fail' | 'skip' }> = LIST.map((test) => ({
  test,
  result: NOT_PASSING.find((t) => t.test === test)?.result ?? 'pass',
}));

/** The names a subset file selects (one test id per line, `#` comments). */
export function subsetNames(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean)
    .map(name);
}

/** The lab's outcomes for the tests of one run. */
export function expectedFor(tests: string[]): { pass: string[]; fail: LabOutcome[]; skip: LabOutcome[] } {
  const run = new Set(tests);
  const of = (r: 'fail' | 'skip') => NOT_PASSING.filter((t) => t.result === r && run.has(t.test));
  const named = new Set(NOT_PASSING.map((t) => t.test));
  return { pass: tests.filter((t) => !named.has(t)), fail: of('fail'), skip: of('skip') };
}
