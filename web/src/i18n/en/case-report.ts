import type { MessageSchema } from '../ja.ts';

const caseReport: MessageSchema['caseReport'] = {
  libraryTitle: 'Case library',
  libraryIntro: 'Case reports published after review by the support centre.',
  detailTitle: 'Case report',
  newTitle: 'Write a case report',
  editTitle: 'Edit the case report',
  search: 'Search cases',
  q: 'Keywords',
  filters: { category: 'Category', careType: 'Medical care', ageBand: 'Age band', area: 'Area' },
  scope: 'Show',
  scopes: { published: 'Published cases', mine: 'My case reports', review: 'Awaiting review' },
  results: 'Case reports',
  empty: 'No case reports match.',
  publishedAt: 'Published',
  tags: 'Tags',
  /** Form labels: the instructions belong to the writer only. */
  fields: { title: 'Title', summary: 'Summary (anonymised)', whatWorked: 'What worked' },
  /** Reading headings. */
  headings: { summary: 'Summary', whatWorked: 'What worked' },
  statuses: { draft: 'Draft', in_review: 'Awaiting review', published: 'Published', returned: 'Returned' },
  fromConsultation: 'From the consultation: {title}',
  noCopyNote:
    "Do not copy the consultation's text: rewrite it so no one can be identified. The support centre reviews it before publication.",
  saveDraft: 'Save draft',
  submit: 'Submit for review',
  back: 'Back to the library',
  edit: 'Edit',
  review: "The centre's review",
  reviewComment: 'Comment (required to return)',
  publish: 'Publish',
  return: 'Return to the author',
  returnedComment: 'Returned with the comment',
  cannotEdit: 'You cannot edit this case report now (a published report is no longer edited by its author).',
  backToReport: 'Back to the case report',
};

export default caseReport;
