import type { Static, TSchema } from 'typebox';
import { errorCatalogue, type ErrorCode } from '../errors.ts';
import type { Role } from '../roles.ts';

/** Who may call an operation: anyone, any signed-in user, or the listed roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What an operation is, written once: the server registers it, the docs and the web client follow. */
export interface OperationSpec {
  method: Method;
  /** Fastify style: `/api/things/:id`. */
  path: string;
  access: Access;
  summary: string;
  description?: string;
  tags: readonly string[];
  params?: TSchema;
  query?: TSchema;
  body?: TSchema;
  /** The successful answers (one or more of 200, 201, 202, 204…), by status. */
  responses: Readonly<Partial<Record<number, TSchema>>>;
  /** Refusals particular to this operation (beyond those every operation of its kind has). */
  errors?: readonly ErrorCode[];
  /** Callable while the second factor is still to be enrolled (me, TOTP setup, logout). */
  allowDuringTotpSetup?: boolean;
  /** The body is raw bytes (a CSV upload) rather than JSON with a schema. */
  rawBody?: boolean;
  /** The content types a raw body may be sent as. */
  consumes?: readonly string[];
  /** The largest body accepted, when it differs from the app's default (an upload). */
  maxBodyBytes?: number;
  /** Works from the refresh cookie rather than the bearer token (see the Origin check). */
  cookieAuth?: boolean;
}

export interface OperationMeta {
  operationId: string;
  /** Every error status the operation may answer, each with the codes that carry it. */
  errorStatuses: Readonly<Record<number, readonly ErrorCode[]>>;
}

export type Operation = OperationSpec & OperationMeta;

/** Errors that follow from the shape of an operation, so no contract can forget them. */
function implicitErrors(spec: OperationSpec): ErrorCode[] {
  const codes: ErrorCode[] = ['rate_limited', 'unavailable', 'internal'];
  if (spec.params || spec.query || spec.body || spec.rawBody) codes.push('validation');
  if (spec.body || spec.rawBody) codes.push('payload_too_large');
  if (spec.method !== 'GET') codes.push('origin_refused');
  if (spec.access !== 'public' || spec.cookieAuth) codes.push('unauthenticated', 'session_expired');
  if (spec.access !== 'public' && !spec.allowDuringTotpSetup) codes.push('totp_setup_required');
  if (Array.isArray(spec.access)) codes.push('forbidden');
  if (spec.params) codes.push('not_found');
  return codes;
}

/** Names each operation of a capability by its key (the operationId) and completes its errors. */
export function defineOperations<const T extends Record<string, OperationSpec>>(
  specs: T,
): { readonly [K in keyof T]: T[K] & OperationMeta } {
  const out: Record<string, Operation> = {};
  for (const [operationId, spec] of Object.entries(specs)) {
    const byStatus: Record<number, ErrorCode[]> = {};
    for (const code of new Set([...implicitErrors(spec), ...(spec.errors ?? [])])) {
      const status = errorCatalogue[code].status;
      (byStatus[status] ??= []).push(code);
    }
    out[operationId] = { ...spec, operationId, errorStatuses: byStatus };
  }
  return out as { readonly [K in keyof T]: T[K] & OperationMeta };
}

type StaticOr<S, Fallback> = S extends TSchema ? Static<S> : Fallback;
type Empty = Record<string, never>;

export type ParamsOf<O extends OperationSpec> = StaticOr<O['params'], Empty>;
export type QueryOf<O extends OperationSpec> = StaticOr<O['query'], Empty>;
export type BodyOf<O extends OperationSpec> = StaticOr<O['body'], undefined>;
type SuccessStatus<O extends OperationSpec> = Extract<keyof O['responses'], 200 | 201 | 202 | 204>;
/** The successful answer's body (204: none). */
export type ReplyOf<O extends OperationSpec> =
  SuccessStatus<O> extends 204
    ? void
    : O['responses'][Exclude<SuccessStatus<O>, 204>] extends infer S
      ? StaticOr<S, void>
      : never;

type Optional<T> = Record<never, never> extends T ? T | undefined : T;

/** What the web passes to call an operation: its path parameters, query (defaults applied by the server) and body. */
export type CallInput<O extends OperationSpec> = (O['params'] extends TSchema
  ? { params: Static<O['params']> }
  : unknown) &
  (O['query'] extends TSchema ? { query?: Partial<Static<O['query']>> } : unknown) &
  (O['body'] extends TSchema ? { body: Static<O['body']> } : unknown) & { signal?: AbortSignal };

/** The arguments of a call: the input may be left out when nothing in it is required. */
export type CallArgs<O extends OperationSpec> =
  Record<string, never> extends Omit<CallInput<O>, 'signal'>
    ? [input?: Optional<CallInput<O>>]
    : [input: CallInput<O>];
