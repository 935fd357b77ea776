import type { Db } from '@tsunagu/db';
import { AppError, notFound } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import type { Actor } from '../../types.ts';
import type { AreaDirectory } from '../reference/service.ts';
import * as policy from './policy.ts';
import * as repo from './repository.ts';

export interface ReferralContext {
  db: Db;
  areas: AreaDirectory;
  /** FAMILY_DATA_KEY: AES-256 key of the family's details and the thread. */
  key: Buffer;
  events: EventBus;
  ip: string | null;
  now?: () => Date;
}

/** A referral is flagged when the receiving side has not answered within this business time. */
export const RESPONSE_TARGET = { unit: 'days', amount: 2 } as const;

export const now = (ctx: Pick<ReferralContext, 'now'>) => ctx.now?.() ?? new Date();
const JST = 9 * 3_600_000;
export const todayJst = (at: Date) => new Date(+at + JST).toISOString().slice(0, 10);

/** Loads a referral the actor may see, or answers 404 (existence must not leak). */
export async function visible(ctx: ReferralContext, actor: Actor, id: string) {
  const row = await repo.findReferral(ctx.db, id);
  if (!row) throw notFound();
  const relation = policy.relationOf(actor, row);
  if (!relation) throw notFound();
  return { row, relation };
}

export const onlyDrafts = () =>
  new AppError('invalid_transition', undefined, {
    ja: '送った紹介は編集できません。必要ならメッセージで伝えるか、取り下げて作り直してください。',
    en: 'A sent referral cannot be edited: add a message, or cancel it and create a new one.',
  });
