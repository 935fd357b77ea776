export const roles = ['coordinator', 'supporter', 'center_staff', 'admin'] as const;
export type Role = (typeof roles)[number];

export const userStatuses = ['invited', 'active', 'disabled'] as const;
export type UserStatus = (typeof userStatuses)[number];

/** Roles that must enrol a second factor before using the platform. */
export const rolesRequiringTotp: readonly Role[] = ['center_staff', 'admin'];

/** Roles that manage accounts, invitations, organisations and imports. */
export const managerRoles: readonly Role[] = ['center_staff', 'admin'];

/** Roles that belong to an organisation by grant and may ask the centre to change it. */
export const organizationRequesterRoles: readonly Role[] = ['coordinator', 'supporter'];
