// TokenInfo artifact: who the run authenticated as and what it may do (Keystone `GET/POST /v3/auth/tokens`).
import { defineArtifact } from '../contract.js';

/** Token facts (Keystone `GET/POST /v3/auth/tokens`): who we are and what we may do. */
export interface TokenInfo {
  roles: string[];
  projectId?: string;
  projectName?: string;
  userId?: string;
  userName?: string;
  /** `password` or `application_credential`. */
  method?: string;
}

export const tokenInfoArtifact = defineArtifact<'TokenInfo', TokenInfo>({
  name: 'TokenInfo',
  description: 'the token of the run: role names, project and user, authentication method',
  schema: {
    type: 'object',
    required: ['roles'],
    properties: {
      roles: { type: 'array', items: { type: 'string' } },
      projectId: { type: 'string', nullable: true },
      projectName: { type: 'string', nullable: true },
      userId: { type: 'string', nullable: true },
      userName: { type: 'string', nullable: true },
      method: { type: 'string', nullable: true },
    },
  },
});
