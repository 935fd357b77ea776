import { fileURLToPath } from 'node:url';

/** The workspace root (/…/main) and its packages, wherever vitest runs from. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const testsRoot = fileURLToPath(new URL('../', import.meta.url));
export const serverEntry = fileURLToPath(new URL('../../server/src/server.ts', import.meta.url));
export const webRoot = fileURLToPath(new URL('../../web/', import.meta.url));
