import { IdParams } from '../schemas/common.ts';
import {
  CoordinatorDetail,
  CoordinatorSearchQuery,
  CoordinatorSearchResponse,
  OwnProfile,
  ProfileUpdateBody,
} from '../schemas/directory.ts';
import { defineOperations } from './operation.ts';

const tags = ['directory'];

/** The coordinator directory and each user's own profile in it. */
export const directoryOperations = defineOperations({
  searchCoordinators: {
    method: 'GET',
    path: '/api/coordinators',
    access: 'authenticated',
    tags,
    summary: 'Search coordinators by area, qualification, experience and free text',
    description:
      'The keyword matches names, kana, the organisation, the introduction, and the labels (Japanese or English) of qualifications, care types and support domains.',
    query: CoordinatorSearchQuery,
    responses: { 200: CoordinatorSearchResponse },
  },
  getCoordinator: {
    method: 'GET',
    path: '/api/coordinators/:id',
    access: 'authenticated',
    tags,
    summary: "A coordinator's entry, with what I may do with it",
    params: IdParams,
    responses: { 200: CoordinatorDetail },
  },
  getOwnProfile: {
    method: 'GET',
    path: '/api/me/profile',
    access: 'authenticated',
    tags,
    summary: 'My directory profile, and what is missing from it',
    responses: { 200: OwnProfile },
  },
  updateOwnProfile: {
    method: 'PATCH',
    path: '/api/me/profile',
    access: 'authenticated',
    tags,
    summary:
      'Edit my directory profile (not the organisation: ask for it with POST /api/organization-requests)',
    body: ProfileUpdateBody,
    responses: { 200: OwnProfile },
  },
});
