import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: query strings and params arrive as text, so they are coerced (and a single
 * value becomes a one-item array); JSON bodies are checked as sent — `{"body": 12}` is a
 * number, not the text "12". Neither removes unknown fields: they are refused.
 */
const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };
const coercing = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));
const exact = addFormats.default(new Ajv({ ...common, coerceTypes: false }));

/**
 * Characters PostgreSQL refuses in text: NUL, and a UTF-16 surrogate without its pair (JSON's
 * "\ud800" parses to one; it has no UTF-8 form). Refused here, for every string of every input,
 * so that they answer 400 instead of reaching the database and answering 500.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The JSON pointer of the first string (value or key) PostgreSQL could not store, if any. */
export function findUnstorable(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (UNSTORABLE.test(key)) return at;
    const found = findUnstorable(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** An ajv validator that first refuses unstorable characters, reporting them like any schema error. */
function guarded(validate: ValidateFunction): ValidateFunction {
  const check = ((data: unknown) => {
    const at = findUnstorable(data);
    if (at !== undefined) {
      const error: ErrorObject = {
        instancePath: at,
        schemaPath: '#',
        keyword: 'unstorableCharacter',
        params: {},
      };
      check.errors = [error];
      return false;
    }
    const ok = validate(data);
    check.errors = validate.errors;
    return ok;
  }) as ValidateFunction;
  check.errors = null;
  return check;
}

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  guarded((httpPart === 'body' ? exact : coercing).compile(schema as object));

/** The body validator for other payloads (socket events): exact types, unknown fields refused. */
export const compileExact = (schema: object) => guarded(exact.compile(schema));
