import Type from 'typebox';
import {
  ClosureDay,
  ClosureDayBody,
  ClosureDayParams,
  ResponseTargets,
  SettingsOverview,
} from '../schemas/settings.ts';
import { managerRoles } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['settings'];

/** The centre's settings: the admin changes them, centre staff read them. */
export const settingsOperations = defineOperations({
  getSettings: {
    method: 'GET',
    path: '/api/settings',
    access: managerRoles,
    tags,
    summary: 'Response targets and closure days, with what I may change',
    responses: { 200: SettingsOverview },
  },
  getResponseTargets: {
    method: 'GET',
    path: '/api/settings/response-targets',
    access: managerRoles,
    tags,
    summary: 'First-response targets per priority (business hours/days)',
    responses: { 200: ResponseTargets },
  },
  setResponseTargets: {
    method: 'PUT',
    path: '/api/settings/response-targets',
    access: ['admin'],
    tags,
    summary: 'Change the first-response targets (new consultations follow them)',
    body: ResponseTargets,
    responses: { 200: ResponseTargets },
  },
  addClosureDay: {
    method: 'POST',
    path: '/api/settings/closure-days',
    access: ['admin'],
    tags,
    summary: 'Close the centre on a day: the business clock skips it',
    body: ClosureDayBody,
    responses: { 201: ClosureDay },
    errors: ['conflict'],
  },
  removeClosureDay: {
    method: 'DELETE',
    path: '/api/settings/closure-days/:date',
    access: ['admin'],
    tags,
    summary: 'Open the centre again on a closure day',
    params: ClosureDayParams,
    responses: { 204: Type.Null() },
  },
});
