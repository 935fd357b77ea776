import Type, { type Static } from 'typebox';
import { roles, userStatuses } from '../roles.ts';
import { Email, Line, Obj, Uuid } from './common.ts';

export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', description: '6-digit TOTP code' });
export const Password = Type.String({ minLength: 1, maxLength: 1024 });

export const LoginBody = Obj({ email: Email, password: Password, totp: Type.Optional(TotpCode) });
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  displayKana: Type.String(),
  role: Type.Enum([...roles]),
  status: Type.Enum([...userStatuses]),
  totpEnabled: Type.Boolean(),
  /** True while a centre staff or admin account has not enrolled its second factor. */
  totpSetupRequired: Type.Boolean(),
  organizationId: Type.Union([Uuid, Type.Null()]),
});
export type Me = Static<typeof Me>;

export const SessionResponse = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer({ description: 'seconds' }),
  user: Me,
});
export type SessionResponse = Static<typeof SessionResponse>;

export const TotpSetupResponse = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export type TotpSetupResponse = Static<typeof TotpSetupResponse>;
export const TotpEnableBody = Obj({ code: TotpCode });
export type TotpEnableBody = Static<typeof TotpEnableBody>;

export const PasswordChangeBody = Obj({ currentPassword: Password, newPassword: Password });
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;
export const PasswordResetRequestBody = Obj({ email: Email });
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBody>;
export const TokenPasswordBody = Obj({ token: Line(200, 20), password: Password });
export type TokenPasswordBody = Static<typeof TokenPasswordBody>;

export const InvitationTokenParams = Obj({ token: Line(200, 20) });
export const InvitationPreview = Type.Object({
  email: Type.String(),
  displayName: Type.String(),
  role: Type.Enum([...roles]),
  totpRequired: Type.Boolean(),
});
export type InvitationPreview = Static<typeof InvitationPreview>;
