import { watch } from 'vue';
import { api } from '@/api/client.ts';
import { useAuthStore } from '@/features/auth/store.ts';
import { startRealtime, stopRealtime } from './index.ts';

/** Keeps the one real-time connection open while someone is signed in (called once, by the header). */
export function useRealtimeSession(): void {
  const auth = useAuthStore();
  watch(
    () => (auth.signedIn && !auth.needsTotpSetup ? auth.user?.id : null),
    (userId, previous) => {
      if (previous && userId !== previous) stopRealtime();
      if (userId)
        startRealtime(
          () => auth.accessToken,
          async () => (await api.refresh()) !== null,
        );
    },
    { immediate: true },
  );
}
