import type { MessageSchema } from '../ja.ts';

const roles: MessageSchema['roles'] = {
  coordinator: 'Coordinator',
  supporter: 'Supporter',
  center_staff: 'Support centre staff',
  admin: 'Administrator',
};

export default roles;
