import { operations } from './index.ts';
import type { Operation } from './operation.ts';

/**
 * The text of `web/src/api/operations.gen.ts`: each operation's method, path, access (and an
 * upload's content types), without
 * the schemas (the web keeps typebox out of its bundle and takes the types from `shared`).
 */
export function webOperationsModule(): string {
  const lines = (Object.values(operations) as Operation[])
    .map((o) => {
      const access =
        typeof o.access === 'string' ? `'${o.access}'` : `[${o.access.map((r) => `'${r}'`).join(', ')}]`;
      // An upload says which content types it takes: the web sends the file as the first.
      const consumes = o.consumes ? `, consumes: [${o.consumes.map((c) => `'${c}'`).join(', ')}]` : '';
      return `  ${o.operationId}: { method: '${o.method}', path: '${o.path}', access: ${access}${consumes} },`;
    })
    .join('\n');
  return `// Generated from the contracts in shared/src/contracts by \`pnpm --filter @tsunagu/shared gen\`.
// Do not edit: shared/test/contracts.test.ts fails when this file and the contracts differ.
export const operationRoutes = {
${lines}
} as const;
`;
}
