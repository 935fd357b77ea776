import { accountOperations } from './accounts.ts';
import { authOperations } from './auth.ts';
import { importOperations } from './import.ts';
import { directoryOperations } from './directory.ts';
import type { Operation } from './operation.ts';
import { hsdsOperations } from './hsds.ts';
import { organizationOperations } from './organizations.ts';
import { messagingOperations } from './messaging.ts';
import { caseReportOperations } from './case-reports.ts';
import { consultationOperations } from './consultations.ts';
import { organizationRequestOperations } from './organization-requests.ts';
import { resourceOperations } from './resources.ts';
import { referralOperations } from './referrals.ts';
import { auditOperations } from './audit.ts';
import { notificationOperations } from './notifications.ts';
import { settingsOperations } from './settings.ts';
import { referenceOperations } from './reference.ts';
import { systemOperations } from './system.ts';

export * from './operation.ts';
export { MAX_IMPORT_BYTES } from './import.ts';

/**
 * Every operation of the API, by operationId. The server registers its routes from these
 * (a route outside them is refused at start-up), the OpenAPI document is generated from them,
 * and the web's typed client is generated from them (`pnpm --filter @tsunagu/shared gen`).
 */
export const operations = {
  ...systemOperations,
  ...organizationRequestOperations,
  ...resourceOperations,
  ...hsdsOperations,
  ...referralOperations,
  ...settingsOperations,
  ...notificationOperations,
  ...auditOperations,
  ...authOperations,
  ...accountOperations,
  ...importOperations,
  ...organizationOperations,
  ...messagingOperations,
  ...consultationOperations,
  ...caseReportOperations,
  ...directoryOperations,
  ...referenceOperations,
} satisfies Record<string, Operation>;

export type Operations = typeof operations;
export type OperationId = keyof Operations;
