import type { CallArgs, Operations, OperationId, ParamsOf, QueryOf, ReplyOf } from '@tsunagu/shared';
import { api, type ApiClient, type Query } from './client.ts';
import { operationRoutes } from './operations.gen.ts';

export { operationRoutes };

/** Fills `/api/things/:id` with the operation's path parameters (each one encoded). */
export function pathOf(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * Calls an operation of the API by its operationId: the path, method, input and answer are
 * those of its contract in `shared`, so no feature writes a URL or asserts a response type.
 */
export function createCaller(client: ApiClient) {
  return function call<K extends OperationId>(
    id: K,
    ...[input]: CallArgs<Operations[K]>
  ): Promise<ReplyOf<Operations[K]>> {
    const route: { method: string; path: string } = operationRoutes[id];
    const given = (input ?? {}) as {
      params?: Record<string, string>;
      query?: Query;
      body?: unknown;
      signal?: AbortSignal;
    };
    return client.request<ReplyOf<Operations[K]>>(route.method, pathOf(route.path, given.params), {
      ...(given.query ? { query: given.query } : {}),
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: given.body ?? {} }),
      ...(given.signal ? { signal: given.signal } : {}),
    });
  };
}

/** The operations whose body is a file sent as it is (a CSV import). */
export type UploadOperationId = {
  [K in OperationId]: Operations[K] extends { rawBody: true } ? K : never;
}[OperationId];

export interface UploadInput<K extends UploadOperationId> {
  params?: ParamsOf<Operations[K]>;
  query?: Partial<QueryOf<Operations[K]>>;
  /** The Content-Type the file is sent as: the operation's first by default. */
  contentType?: string;
  onProgress?: (loaded: number, total: number) => void;
}

/** Sends a file to an upload operation with progress; path and answer come from its contract. */
export function createUploader(client: ApiClient) {
  return function callUpload<K extends UploadOperationId>(
    id: K,
    file: Blob,
    input: UploadInput<K> = {},
  ): Promise<ReplyOf<Operations[K]>> {
    const route: { path: string; consumes?: readonly string[] } = operationRoutes[id];
    return client.upload<ReplyOf<Operations[K]>>(
      pathOf(route.path, input.params as Record<string, string> | undefined),
      file,
      {
        ...(input.query ? { query: input.query as Query } : {}),
        contentType: input.contentType ?? route.consumes?.[0] ?? 'application/octet-stream',
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      },
    );
  };
}

export const call = createCaller(api);
export const callUpload = createUploader(api);

/** Whether someone of this role may call the operation at all (its contract's `access`), to offer the way to it. */
export function roleMayCall(id: OperationId, role: string | undefined): boolean {
  const access: string | readonly string[] = operationRoutes[id].access;
  if (access === 'public') return true;
  if (!role) return false;
  return access === 'authenticated' || access.includes(role);
}
