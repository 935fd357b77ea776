/** A consultation's status in Japanese and English (messages and notifications). */
export const statusLabels: Record<string, [string, string]> = {
  new: ['新規', 'new'],
  triaged: ['受付済み', 'triaged'],
  in_progress: ['対応中', 'in progress'],
  answered: ['回答済み', 'answered'],
  closed: ['完了', 'closed'],
  reopened: ['再開', 'reopened'],
};
