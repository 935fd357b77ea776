import type { MessageSchema } from '../ja.ts';

const auth: MessageSchema['auth'] = {
  loginTitle: 'Sign in',
  totpLabel: 'Authentication code (6 digits)',
  totpHint: 'Enter the 6-digit code shown in your authenticator app.',
  submit: 'Sign in',
  forgot: 'Forgot your password?',
  totpSetupTitle: 'Set up two-step verification',
  totpSetupIntro:
    'Your role requires two-step verification. Add the key below to an authenticator app (Google Authenticator, for example) and enter the 6-digit code it shows.',
  totpSecret: 'Secret key',
  totpUrl: 'Set-up URL (otpauth)',
  totpEnable: 'Turn on',
  totpEnabled: 'Two-step verification is on.',
  totpStart: 'Start set-up',
  inviteTitle: 'Accept your invitation',
  inviteIntro: 'Welcome to Tsunagu, {name} ({email}). Role: {role}. Please choose a password.',
  inviteTotpNote: 'Your role requires two-step verification after your first sign-in.',
  inviteAccept: 'Set password',
  inviteDone: 'Your password is set. Please sign in.',
  resetTitle: 'Reset your password',
  resetRequestIntro:
    'Enter the e-mail address you are registered with. We will send you a link to reset your password.',
  resetRequestSubmit: 'Send link',
  resetRequestDone: 'If the address is registered, a reset link is on its way. Please check your mail.',
  resetConfirmSubmit: 'Change password',
  resetDone: 'Your password was changed. Please sign in.',
  toLogin: 'Go to sign-in',
};

export default auth;
