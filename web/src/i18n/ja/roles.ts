export default {
  coordinator: 'コーディネーター',
  supporter: '支援者',
  center_staff: 'センター職員',
  admin: '管理者',
} as const;
