import type { FastifyBaseLogger } from 'fastify';
import { schema, type Db } from '@tsunagu/db';
import { rolesRequiringTotp, type Me, type Role } from '@tsunagu/shared';
import type { AccessClaims } from '../../types.ts';
import type { EventBus } from '../../lib/events.ts';
import type { Mailer } from '../mail/service.ts';
import type { Revocations } from './revocations.ts';

export interface AuthContext {
  db: Db;
  ip: string | null;
  log: FastifyBaseLogger;
  publicUrl: string;
  /** Queues mail (the outbox, and SMTP delivery when configured). */
  mail: Mailer;
  signAccessToken: (claims: AccessClaims) => string;
  /** Ends the open sockets of revoked sessions (announced after the commit). */
  revocations: Revocations;
  /** Derives a rotated refresh token's successor. */
  tokenSecret: string;
  /** How long a just-rotated refresh token still yields its successor instead of counting as reuse. */
  refreshGraceMs: number;
  /** Where an account's activation is announced (messaging joins its channels). */
  events: EventBus;
}

export type UserRow = typeof schema.users.$inferSelect;

export const requiresTotp = (role: string) => rolesRequiringTotp.includes(role as Role);

export function toMe(user: UserRow): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    displayKana: user.displayKana,
    role: user.role as Role,
    status: user.status as Me['status'],
    totpEnabled: user.totpEnabled,
    totpSetupRequired: requiresTotp(user.role) && !user.totpEnabled,
    organizationId: user.organizationId,
  };
}
