import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { isUnavailable } from './unavailable.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it('recognises an unreachable database, also when wrapped', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08001'])
      expect(isUnavailable(withCode(code))).toBe(true);
    expect(isUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isUnavailable(new Error('Failed query: insert …', { cause: withCode('ECONNREFUSED') }))).toBe(
      true,
    );
    expect(isUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(
      true,
    );
  });

  it('does not take refusals, constraint violations or bugs for an outage', () => {
    expect(isUnavailable(new AppError('validation'))).toBe(false);
    for (const code of ['23505', '22P02', '42P01', '40001'])
      expect(isUnavailable(withCode(code))).toBe(false);
    expect(isUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isUnavailable(undefined)).toBe(false);
    const loop: { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(isUnavailable(loop)).toBe(false);
  });
});
