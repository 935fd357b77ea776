import { useRouter } from 'vue-router';
import { useSubmit } from '@/composables/errors.ts';
import { messagingApi } from './api.ts';
import { useConversationsStore } from './conversations-store.ts';

/** "メッセージを送る": opens (or creates) the direct conversation with this user. */
export function useDirectMessage() {
  const router = useRouter();
  const { busy, error, run } = useSubmit();
  async function open(userId: string) {
    const d = await run(() => messagingApi.create({ kind: 'direct', userId }));
    if (!d) return;
    useConversationsStore().upsert(d);
    await router.push(`/messages/${d.id}`);
  }
  return { busy, error, open };
}
