import type { FastifyContextConfig, FastifyReply, FastifyRequest } from 'fastify';
import {
  EmptyQuery,
  ErrorResponse,
  type BodyOf,
  type Operation,
  type ParamsOf,
  type QueryOf,
  type ReplyOf,
} from '@tsunagu/shared';
import type { App } from '../types.ts';

/** The request of an operation, typed from its contract (Fastify has validated it against the same schemas). */
export type OperationRequest<O extends Operation> = Omit<FastifyRequest, 'params' | 'query' | 'body'> & {
  params: ParamsOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
};

export type OperationHandler<O extends Operation> = (
  request: OperationRequest<O>,
  reply: FastifyReply,
) => Promise<ReplyOf<O> | FastifyReply> | ReplyOf<O> | FastifyReply;

/** What the server adds to a contract: limits that come from its configuration (the login rate limit). */
export interface RouteExtras {
  rateLimit?: FastifyContextConfig['rateLimit'];
}

/**
 * Registers the route of a contract: method, path, who may call it, the schemas of its input
 * and of every answer (errors included) and its operationId all come from `shared`; the
 * handler is the only thing written here. app.ts refuses an API route registered otherwise.
 */
export function implement<O extends Operation>(
  app: App,
  operation: O,
  handler: OperationHandler<O>,
  extras: RouteExtras = {},
): void {
  const response: Record<number, unknown> = {};
  for (const status of Object.keys(operation.errorStatuses)) response[Number(status)] = ErrorResponse;
  Object.assign(response, operation.responses);
  app.route({
    method: operation.method,
    url: operation.path,
    ...(operation.maxBodyBytes ? { bodyLimit: operation.maxBodyBytes } : {}),
    config: {
      operationId: operation.operationId,
      access: operation.access,
      ...(operation.allowDuringTotpSetup ? { allowDuringTotpSetup: true } : {}),
      ...(operation.rawBody ? { rawBody: true } : {}),
      ...(operation.cookieAuth ? { cookieAuth: true } : {}),
      ...(extras.rateLimit ? { rateLimit: extras.rateLimit } : {}),
    },
    schema: {
      operationId: operation.operationId,
      tags: [...operation.tags],
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      ...(operation.consumes ? { consumes: [...operation.consumes] } : {}),
      ...(operation.params ? { params: operation.params } : {}),
      // No query declared: an empty closed one, so a stray parameter is refused rather than ignored.
      querystring: operation.query ?? EmptyQuery,
      ...(operation.body ? { body: operation.body } : {}),
      response,
      // Signed-in operations carry the bearer (logout also clears the cookie); the refresh, the cookie alone.
      security:
        operation.access !== 'public'
          ? [{ bearer: [] }]
          : operation.cookieAuth
            ? [{ refreshCookie: [] }]
            : [],
    },
    handler: handler as unknown as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  });
}
