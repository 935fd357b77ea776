import { Ajv, type Options } from 'ajv';
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

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? exact : coercing).compile(schema as object);

/** The body validator for other payloads (socket events): exact types, unknown fields refused. */
export const compileExact = (schema: object) => exact.compile(schema);
