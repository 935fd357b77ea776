import type { MessageSchema } from './ja.ts';
import app from './en/app.ts';
import nav from './en/nav.ts';
import lang from './en/lang.ts';
import common from './en/common.ts';
import roles from './en/roles.ts';
import statuses from './en/statuses.ts';
import password from './en/password.ts';
import auth from './en/auth.ts';
import directory from './en/directory.ts';
import coordinator from './en/coordinator.ts';
import profile from './en/profile.ts';
import orgRequest from './en/org-request.ts';
import admin from './en/admin.ts';
import consultation from './en/consultation.ts';
import pii from './en/pii.ts';
import caseReport from './en/case-report.ts';
import messaging from './en/messaging.ts';
import notification from './en/notification.ts';
import resource from './en/resource.ts';
import referral from './en/referral.ts';
import settings from './en/settings.ts';
import audit from './en/audit.ts';

const en: MessageSchema = {
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
};

export default en;
