import type { SessionResponse } from '@tsunagu/shared';

/**
 * Tabs of one browser share one refresh cookie. Two tabs refreshing at once would present the
 * same token twice, which the server takes for reuse; so a refresh runs under a browser-wide
 * lock (Web Locks) and its result is announced to the other tabs (BroadcastChannel).
 */
export interface TabCoordination {
  /** Runs `work` while no other tab of this browser refreshes. */
  lock<T>(work: () => Promise<T>): Promise<T>;
  /** Where tabs announce a new session to each other; null when the browser has none. */
  channel: SessionChannel | null;
}

export interface SessionChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface SessionMessage {
  type: 'session';
  session: SessionResponse;
}

export const isSessionMessage = (data: unknown): data is SessionMessage =>
  !!data &&
  typeof data === 'object' &&
  (data as SessionMessage).type === 'session' &&
  !!(data as SessionMessage).session;

/** This browser's lock and channel; without them (old browsers, tests) each tab refreshes alone. */
export function browserTabs(): TabCoordination {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return {
    lock: locks ? (work) => locks.request('tsunagu-refresh', work) : (work) => work(),
    channel:
      typeof window !== 'undefined' && typeof BroadcastChannel !== 'undefined'
        ? new BroadcastChannel('tsunagu-session')
        : null,
  };
}
