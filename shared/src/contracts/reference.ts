import { AreasResponse, VocabulariesResponse } from '../schemas/directory.ts';
import { defineOperations } from './operation.ts';

const tags = ['reference'];

/** Reference data every page labels codes with; public, cached for five minutes. */
export const referenceOperations = defineOperations({
  listAreas: {
    method: 'GET',
    path: '/api/areas',
    access: 'public',
    tags,
    summary: 'Prefecture → 圏域 → municipalities (JIS codes)',
    responses: { 200: AreasResponse },
  },
  listVocabularies: {
    method: 'GET',
    path: '/api/vocabularies',
    access: 'public',
    tags,
    summary: 'Controlled vocabularies: codes with ja/en labels',
    responses: { 200: VocabulariesResponse },
  },
});
