import { directoryOperations } from './directory.ts';
import type { Operation } from './operation.ts';
import { organizationRequestOperations } from './organization-requests.ts';
import { referenceOperations } from './reference.ts';
import { systemOperations } from './system.ts';

export * from './operation.ts';

/**
 * Every operation of the API, by operationId. The server registers its routes from these
 * (a route outside them is refused at start-up), the OpenAPI document is generated from them,
 * and the web's typed client is generated from them (`pnpm --filter @tsunagu/shared gen`).
 */
export const operations = {
  ...systemOperations,
  ...organizationRequestOperations,
  ...directoryOperations,
  ...referenceOperations,
} satisfies Record<string, Operation>;

export type Operations = typeof operations;
export type OperationId = keyof Operations;
