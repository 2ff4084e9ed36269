// TokenInfo: roles, project and user of the run's Keystone token (no extra API call).
import type { TokenInfo } from '../../artifacts/iaas.js';
import type { GathererOf } from '../types.js';
import { openstackClient } from './common.js';

export const tokenInfoGatherer: GathererOf<'TokenInfo'> = {
  artifact: 'TokenInfo',
  description: 'Roles, project and user of the Keystone token the run uses',
  async gather(ctx) {
    const t = await openstackClient(ctx).keystoneToken(ctx.signal);
    const info: TokenInfo = {
      roles: (t.roles ?? []).map((r) => r.name).filter((n): n is string => typeof n === 'string'),
    };
    if (t.project?.id) info.projectId = t.project.id;
    if (t.project?.name) info.projectName = t.project.name;
    if (t.user?.id) info.userId = t.user.id;
    if (t.user?.name) info.userName = t.user.name;
    const method = t.methods?.[0];
    if (method) info.method = method;
    return info;
  },
};
