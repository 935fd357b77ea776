// Source locale: every key lives here first (one file per part of the app, in ./ja); the
// English files in ./en must have the same shape.
import app from './ja/app.ts';
import nav from './ja/nav.ts';
import lang from './ja/lang.ts';
import common from './ja/common.ts';
import roles from './ja/roles.ts';
import statuses from './ja/statuses.ts';
import password from './ja/password.ts';
import auth from './ja/auth.ts';
import directory from './ja/directory.ts';
import coordinator from './ja/coordinator.ts';
import profile from './ja/profile.ts';
import orgRequest from './ja/org-request.ts';
import admin from './ja/admin.ts';
import consultation from './ja/consultation.ts';
import pii from './ja/pii.ts';
import caseReport from './ja/case-report.ts';
import messaging from './ja/messaging.ts';
import notification from './ja/notification.ts';
import resource from './ja/resource.ts';
import referral from './ja/referral.ts';
import settings from './ja/settings.ts';
import audit from './ja/audit.ts';

const ja = {
  app,
  nav,
  lang,
  common,
  roles,
  statuses,
  password,
  auth,
  directory,
  coordinator,
  profile,
  orgRequest,
  admin,
  consultation,
  pii,
  caseReport,
  messaging,
  notification,
  resource,
  referral,
  settings,
  audit,
} as const;

export default ja;

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type MessageSchema = Widen<typeof ja>;
