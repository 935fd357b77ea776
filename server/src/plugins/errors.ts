import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { AppError, type ErrorDetail } from '../lib/errors.ts';
import { isUnavailable, RETRY_AFTER_SECONDS } from '../lib/unavailable.ts';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns a schema violation into a sentence a person can act on, in both languages. */
function describe(e: AjvError, context: string): ErrorDetail {
  const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const field =
    e.keyword === 'additionalProperties'
      ? String(e.params.additionalProperty)
      : e.keyword === 'required'
        ? String(e.params.missingProperty)
        : path || context;
  const p = e.params;
  const msg = (ja: string, en: string) => ({ field, message: `${ja} / ${en}` });
  switch (e.keyword) {
    case 'additionalProperties':
      return msg(`「${field}」という項目は受け付けられません`, `unknown field "${field}" is not accepted`);
    case 'required':
      return msg(`「${field}」は必須です`, `"${field}" is required`);
    case 'maxLength':
      return msg(`${p.limit}文字以内にしてください`, `must be at most ${p.limit} characters`);
    case 'minLength':
      return msg(
        p.limit === 1 ? '入力してください' : `${p.limit}文字以上にしてください`,
        `must be at least ${p.limit} characters`,
      );
    case 'enum':
      return msg(
        `使えない値です（使える値: ${(p.allowedValues as unknown[]).slice(0, 20).join(', ')}）`,
        `is not one of the allowed values (${(p.allowedValues as unknown[]).slice(0, 20).join(', ')})`,
      );
    case 'format':
      return msg(`形式が正しくありません（${p.format}）`, `must be a valid ${p.format}`);
    case 'pattern':
      return msg('形式が正しくありません', 'has the wrong format');
    case 'type':
      return msg(`型が違います（${p.type}）`, `must be of type ${p.type}`);
    case 'minimum':
    case 'maximum':
      return msg(
        `${e.keyword === 'minimum' ? '最小' : '最大'}値は${p.limit}です`,
        `must be ${e.keyword === 'minimum' ? '>=' : '<='} ${p.limit}`,
      );
    case 'unstorableCharacter':
      return msg(
        '使えない文字（NUL 文字や対になっていないサロゲート）が含まれています。その文字を消してください',
        'contains a character that cannot be stored (NUL or an unpaired surrogate); remove it',
      );
    case 'maxItems':
      return msg(`${p.limit}件以内にしてください`, `must have at most ${p.limit} items`);
    default:
      return msg(e.message ?? '値が正しくありません', e.message ?? 'is not valid');
  }
}

/** Schema violations as one AppError naming the first problem (also used for socket payloads). */
export function validationError(errors: readonly AjvError[], context: string): AppError {
  const details = errors.map((e) => describe(e, context));
  const first = details[0];
  return new AppError(
    'validation',
    details,
    first
      ? {
          ja: `入力内容に誤りがあります: ${first.field} — ${first.message.split(' / ')[0]}`,
          en: `Invalid input: ${first.field} — ${first.message.split(' / ')[1] ?? ''}`,
        }
      : undefined,
  );
}

/** One error shape for every refusal: `{code, message, messageEn, details?}`; 5xx details never leak. */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError & { validationContext?: string }, request, reply) => {
      if (error instanceof AppError) return reply.code(error.status).send(error.toBody());
      if (error.validation) {
        return reply
          .code(400)
          .send(validationError(error.validation as AjvError[], error.validationContext ?? 'body').toBody());
      }
      const status = error.statusCode ?? 500;
      if (status === 413) return reply.code(413).send(new AppError('payload_too_large').toBody());
      if (status === 429) return reply.code(429).send(new AppError('rate_limited').toBody());
      if (status >= 400 && status < 500) {
        const err = new AppError('validation', [{ message: error.message }], {
          ja: `リクエストを処理できません: ${error.message}`,
          en: `The request cannot be processed: ${error.message}`,
        });
        return reply.code(status).send(err.toBody());
      }
      // The database is out of reach for a moment: the request was fine, so say when to try again.
      if (isUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable');
        return reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send(new AppError('unavailable').toBody());
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.code(500).send(new AppError('internal').toBody());
    });
  },
  { name: 'errors' },
);
