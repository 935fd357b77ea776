import type { MessageSchema } from '../ja.ts';

const statuses: MessageSchema['statuses'] = { invited: 'Invited', active: 'Active', disabled: 'Disabled' };

export default statuses;
