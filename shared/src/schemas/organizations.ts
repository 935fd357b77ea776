import Type, { type Static } from 'typebox';
import { Paged } from './common.ts';
import { Organization } from './directory.ts';

/** An organisation as the organisations API answers it: with what the caller may do with it. */
export const OrganizationRecord = Type.Object({
  ...Organization.properties,
  can: Type.Object({ edit: Type.Boolean() }),
});
export type OrganizationRecord = Static<typeof OrganizationRecord>;
export const OrganizationRecordListResponse = Paged(OrganizationRecord);
export type OrganizationRecordListResponse = Static<typeof OrganizationRecordListResponse>;
