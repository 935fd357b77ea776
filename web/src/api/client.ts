import type { SessionResponse } from '@tsunagu/shared';
import { ApiError } from './errors.ts';
import { browserTabs, isSessionMessage, type TabCoordination } from './tabs.ts';

export { ApiError, isApiError } from './errors.ts';

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];
export type Query = Record<string, QueryValue>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export interface UploadOptions {
  query?: Query;
  contentType: string;
  onProgress?: (loaded: number, total: number) => void;
}

/** What one attempt returned, whatever carried it (fetch or XMLHttpRequest). */
interface RawResponse {
  status: number;
  body: unknown;
}

export interface ClientHooks {
  /** The in-memory access token (kept by the auth store). */
  getAccessToken(): string | null;
  /** A refresh succeeded: the auth store keeps the new session. */
  onSession(session: SessionResponse): void;
  /** The refresh cookie is gone or refused: the auth store signs out locally. */
  onSessionLost(): void;
}

export interface ClientDeps {
  fetch: typeof fetch;
  /** Creates the XMLHttpRequest used for uploads with progress (absent in tests). */
  xhr?: () => XMLHttpRequest;
  baseUrl?: string;
  /** How this tab refreshes together with the browser's other tabs (none: alone). */
  tabs?: TabCoordination;
}

const REFRESH_PATH = '/api/auth/refresh';
/** Endpoints whose 401 means "wrong credentials", never "refresh and retry". */
const NO_RETRY = new Set(['/api/auth/login', REFRESH_PATH, '/api/auth/logout']);

export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The one typed API client. Components use feature stores, which use this. */
export function createApiClient(deps: ClientDeps) {
  const base = deps.baseUrl ?? '';
  let hooks: ClientHooks = { getAccessToken: () => null, onSession: () => {}, onSessionLost: () => {} };
  let refreshing: Promise<SessionResponse | null> | null = null;
  const tabs: TabCoordination = deps.tabs ?? { lock: (work) => work(), channel: null };
  /** The last session another tab announced, and when it arrived. */
  let announced: { session: SessionResponse; at: number } | null = null;
  tabs.channel?.addEventListener('message', (event) => {
    if (!isSessionMessage(event.data)) return;
    announced = { session: event.data.session, at: performance.now() };
    hooks.onSession(event.data.session);
  });

  function headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json' };
    if (json) h['Content-Type'] = 'application/json';
    const token = hooks.getAccessToken();
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }

  async function viaFetch(method: string, path: string, opts: RequestOptions): Promise<RawResponse> {
    const hasBody = opts.body !== undefined;
    let res: Response;
    try {
      res = await deps.fetch(base + path + buildQuery(opts.query), {
        method,
        headers: headers(hasBody),
        body: hasBody ? JSON.stringify(opts.body) : null,
        credentials: 'include',
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw ApiError.client('network');
    }
    return { status: res.status, body: await readBody(res) };
  }

  async function refreshNow(): Promise<SessionResponse | null> {
    const r = await viaFetch('POST', REFRESH_PATH, {});
    // 204: no refresh cookie, so no session (a signed-out visitor; not an error).
    if (r.status === 200) {
      const session = r.body as SessionResponse;
      hooks.onSession(session);
      tabs.channel?.postMessage({ type: 'session', session });
      return session;
    }
    hooks.onSessionLost();
    return null;
  }

  /** One refresh at a time in this tab (concurrent 401s share it) and in the browser (the lock). */
  function refresh(): Promise<SessionResponse | null> {
    const askedAt = performance.now();
    // Another tab may have refreshed while this one waited for the lock: its session is ours too.
    refreshing ??= tabs
      .lock(() => (announced && announced.at >= askedAt ? Promise.resolve(announced.session) : refreshNow()))
      .catch(() => null)
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function withRefresh<T>(path: string, attempt: () => Promise<RawResponse>): Promise<T> {
    let raw = await attempt();
    if (raw.status === 401 && !NO_RETRY.has(path)) {
      const session = await refresh();
      if (session) raw = await attempt();
    }
    if (raw.status >= 200 && raw.status < 300) return raw.body as T;
    throw ApiError.fromBody(raw.status, raw.body);
  }

  function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    return withRefresh<T>(path, () => viaFetch(method, path, opts));
  }

  function viaXhr(path: string, body: Blob, opts: UploadOptions): Promise<RawResponse> {
    const make = deps.xhr ?? (() => new XMLHttpRequest());
    return new Promise((resolve, reject) => {
      const xhr = make();
      xhr.open('POST', base + path + buildQuery(opts.query));
      xhr.withCredentials = true;
      for (const [k, v] of Object.entries(headers(false))) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader('Content-Type', opts.contentType);
      xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded, e.lengthComputable ? e.total : body.size);
      xhr.onerror = () => reject(ApiError.client('network'));
      xhr.onload = () => {
        let parsed: unknown = null;
        try {
          parsed = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
        } catch {
          parsed = xhr.responseText;
        }
        resolve({ status: xhr.status, body: parsed });
      };
      xhr.send(body);
    });
  }

  return {
    configure(next: ClientHooks) {
      hooks = next;
    },
    refresh,
    request,
    get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
      request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
    post: <T>(path: string, body?: unknown, query?: Query) =>
      request<T>('POST', path, { body: body ?? {}, ...(query ? { query } : {}) }),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
    del: <T>(path: string) => request<T>('DELETE', path),
    /** Raw bytes upload with progress (XMLHttpRequest: fetch cannot report upload progress). */
    upload: <T>(path: string, body: Blob, opts: UploadOptions) =>
      withRefresh<T>(path, () => viaXhr(path, body, opts)),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api: ApiClient = createApiClient({
  fetch: (...args) => globalThis.fetch(...args),
  tabs: browserTabs(),
});
