import { ref } from 'vue';
import { useConfirm } from 'primevue/useconfirm';
import type { Role, UserAdminView, UserStatus } from '@tsunagu/shared';
import { useT } from '@/i18n/index.ts';
import { useSubmit } from '@/composables/errors.ts';
import { useUsersStore } from './store.ts';

export type UserChange = { role: Role } | { status: UserStatus };

/**
 * A role or status change of a user: asked for confirmation, naming the person and the new value;
 * saved through the store; on a refusal (or a cancel) the control shows the saved value again and
 * the server's message is shown.
 */
export function useUserChange() {
  const { t } = useT();
  const confirm = useConfirm();
  const store = useUsersStore();
  const save = useSubmit();
  const notice = ref('');
  /** Bumped to redraw the controls from the saved values (a Select keeps what was picked otherwise). */
  const revision = ref(0);

  function ask(user: UserAdminView, change: UserChange) {
    notice.value = '';
    const message =
      'role' in change
        ? t('admin.confirmRole', { name: user.displayName, value: t(`roles.${change.role}`) })
        : t('admin.confirmStatus', { name: user.displayName, value: t(`statuses.${change.status}`) });
    confirm.require({
      header: t('admin.confirmTitle'),
      message,
      acceptProps: { label: t('admin.confirmAccept') },
      rejectProps: { label: t('common.cancel'), severity: 'secondary', variant: 'outlined' },
      accept: () => void apply(user, change),
      reject: () => revision.value++,
      onHide: () => revision.value++,
    });
  }

  async function apply(user: UserAdminView, change: UserChange) {
    const done = await save.run(() => store.update(user.id, change).then(() => true));
    revision.value++;
    if (done) notice.value = t('admin.userUpdated');
  }

  return { ask, notice, error: save.error, revision };
}
