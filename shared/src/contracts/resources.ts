import { EmptyBody, IdParams } from '../schemas/common.ts';
import {
  Resource,
  ResourceCreateBody,
  ResourceHistoryResponse,
  ResourceImportQuery,
  ResourceImportReport,
  ResourcePatchBody,
  ResourceSearchQuery,
  ResourceSearchResponse,
} from '../schemas/resources.ts';
import { managerRoles, roles } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['resources'];
/** Who may add or curate a resource: the centre for any organisation, supporters and coordinators for their own. */
export const resourceEditorRoles = roles;

/** Local resources (地域資源): searched by everyone signed in, kept by their organisation and the centre. */
export const resourceOperations = defineOperations({
  searchResources: {
    method: 'GET',
    path: '/api/resources',
    access: 'authenticated',
    tags,
    summary: 'Search local resources: every care type asked for must be accepted (at the given age)',
    description: 'Closed (archived) resources are left out; the organisation is matched by its current name.',
    query: ResourceSearchQuery,
    responses: { 200: ResourceSearchResponse },
  },
  createResource: {
    method: 'POST',
    path: '/api/resources',
    access: resourceEditorRoles,
    tags,
    summary: "Add a resource (centre: any organisation; others: their own organisation's)",
    body: ResourceCreateBody,
    responses: { 201: Resource },
    errors: ['conflict'],
  },
  importResources: {
    method: 'POST',
    path: '/api/resources/import',
    access: managerRoles,
    tags,
    summary: 'Import a resource list (CSV in UTF-8 or Shift_JIS): dry run by default',
    description:
      'The body is the CSV file itself (Content-Type text/csv or application/octet-stream, at most 5 MB). ' +
      'Columns: 事業所名, 所在市町村, サービス種別, サービス名, 説明, 対象市町村 (municipalities or 圏域), 医療的ケア (e.g. 人工呼吸器の管理(0-6)), ' +
      '対象年齢下限, 対象年齢上限, 受け入れ状況, 待機期間, 最終確認日, 連絡先, 備考. A dry run reports every bad row; an import with bad rows writes nothing (422).',
    query: ResourceImportQuery,
    rawBody: true,
    responses: { 200: ResourceImportReport },
    errors: ['bad_csv', 'import_has_errors'],
  },
  getResource: {
    method: 'GET',
    path: '/api/resources/:id',
    access: 'authenticated',
    tags,
    summary: 'A resource, with what the caller may do with it (closed ones stay readable by link)',
    params: IdParams,
    responses: { 200: Resource },
  },
  updateResource: {
    method: 'PATCH',
    path: '/api/resources/:id',
    access: resourceEditorRoles,
    tags,
    summary: 'Edit a resource; every change keeps who, when and the previous values',
    params: IdParams,
    body: ResourcePatchBody,
    responses: { 200: Resource },
    errors: ['conflict', 'invalid_transition'],
  },
  confirmResource: {
    method: 'POST',
    path: '/api/resources/:id/confirm',
    access: resourceEditorRoles,
    tags,
    summary: 'Confirm the entry is still true (sets the last-confirmed date to now)',
    params: IdParams,
    body: EmptyBody,
    responses: { 200: Resource },
    errors: ['invalid_transition'],
  },
  archiveResource: {
    method: 'POST',
    path: '/api/resources/:id/archive',
    access: resourceEditorRoles,
    tags,
    summary: 'Close a resource: it leaves search and the referral recipients; its open referrals go on',
    params: IdParams,
    body: EmptyBody,
    responses: { 200: Resource },
    errors: ['invalid_transition'],
  },
  unarchiveResource: {
    method: 'POST',
    path: '/api/resources/:id/unarchive',
    access: resourceEditorRoles,
    tags,
    summary: 'Reopen a closed resource',
    params: IdParams,
    body: EmptyBody,
    responses: { 200: Resource },
    errors: ['invalid_transition'],
  },
  getResourceHistory: {
    method: 'GET',
    path: '/api/resources/:id/history',
    access: resourceEditorRoles,
    tags,
    summary: 'Every change: who, when, the previous and new values',
    params: IdParams,
    responses: { 200: ResourceHistoryResponse },
  },
});
