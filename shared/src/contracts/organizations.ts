import { IdParams } from '../schemas/common.ts';
import { OrganizationBody, OrganizationListQuery, OrganizationPatchBody } from '../schemas/directory.ts';
import { OrganizationRecord, OrganizationRecordListResponse } from '../schemas/organizations.ts';
import { managerRoles } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['organizations'];

/** The organisations users belong to: read by everyone signed in, kept by the centre. */
export const organizationOperations = defineOperations({
  listOrganizations: {
    method: 'GET',
    path: '/api/organizations',
    access: 'authenticated',
    tags,
    summary: 'Organisations, by name or kana, type and municipality',
    query: OrganizationListQuery,
    responses: { 200: OrganizationRecordListResponse },
  },
  getOrganization: {
    method: 'GET',
    path: '/api/organizations/:id',
    access: 'authenticated',
    tags,
    summary: 'One organisation',
    params: IdParams,
    responses: { 200: OrganizationRecord },
  },
  createOrganization: {
    method: 'POST',
    path: '/api/organizations',
    access: managerRoles,
    tags,
    summary: 'Add an organisation',
    body: OrganizationBody,
    responses: { 201: OrganizationRecord },
    errors: ['conflict'],
  },
  updateOrganization: {
    method: 'PATCH',
    path: '/api/organizations/:id',
    access: managerRoles,
    tags,
    summary: 'Change an organisation (the directory entries of its members follow)',
    params: IdParams,
    body: OrganizationPatchBody,
    responses: { 200: OrganizationRecord },
    errors: ['conflict'],
  },
});
