import type { Db } from '@tsunagu/db';
import type { DomainEvents, EventBus, EventName } from '../../lib/events.ts';
import { statusLabels } from '../consultations/labels.ts';
import { store, type NewNotification } from './service.ts';

const consultation = (id: string, kind: string, title: string, titleEn: string): NewNotification => ({
  kind,
  title,
  titleEn,
  link: `/consultations/${id}`,
  subjectType: 'consultation',
  subjectId: id,
});

const referralTitles: Record<string, [string, string]> = {
  sent: ['新しい紹介が届きました', 'You received a new referral'],
  accepted: ['紹介が受け入れられました', 'A referral was accepted'],
  declined: ['紹介が辞退されました', 'A referral was declined'],
  completed: ['紹介が完了しました', 'A referral was completed'],
  cancelled: ['紹介が取り下げられました', 'A referral was cancelled'],
  message: ['紹介に新しいメッセージがあります', 'A referral has a new message'],
  overdue: ['2営業日以上返答のない紹介があります', 'A referral has had no answer for 2 business days'],
};
const referral = (id: string, kind: string): NewNotification => ({
  kind: `referral.${kind}`,
  title: referralTitles[kind]?.[0] ?? '紹介が更新されました',
  titleEn: referralTitles[kind]?.[1] ?? 'A referral was updated',
  link: `/referrals/${id}`,
  subjectType: 'referral',
  subjectId: id,
});

const caseReport = (id: string, kind: string, title: string, titleEn: string): NewNotification => ({
  kind,
  title,
  titleEn,
  link: `/case-reports/${id}`,
  subjectType: 'case_report',
  subjectId: id,
});

/**
 * In-app notifications from the domain events: stored in the publisher's transaction (they
 * commit or roll back with the change they report), pushed after the commit by ./fanout.ts.
 */
export function subscribeNotifications(events: EventBus): void {
  type Save = (userIds: Iterable<string>, note: NewNotification) => Promise<void>;
  // Each notification names who acted (the event's actor), so two alike can be told apart.
  const on = <K extends EventName>(name: K, handle: (save: Save, e: DomainEvents[K]) => Promise<void>) =>
    events.subscribeInTransaction(name, (tx: Db, e) =>
      handle(
        (userIds, note) =>
          store(tx, events, userIds, { ...note, actorId: 'actorId' in e ? (e.actorId as string) : null }),
        e,
      ),
    );

  on('consultation.posted', (save, e) =>
    save(
      e.recipients,
      consultation(
        e.consultationId,
        'consultation.posted',
        '新しい相談が投稿されました',
        'A new consultation was posted',
      ),
    ),
  );
  on('consultation.status', (save, e) =>
    save(
      e.recipients,
      consultation(
        e.consultationId,
        'consultation.status',
        `相談の状態が「${statusLabels[e.status]?.[0] ?? e.status}」になりました`,
        `A consultation is now ${statusLabels[e.status]?.[1] ?? e.status}`,
      ),
    ),
  );
  on('consultation.assigned', (save, e) =>
    save(
      e.assigneeId === e.actorId ? [] : [e.assigneeId],
      consultation(
        e.consultationId,
        'consultation.assigned',
        '相談の担当になりました',
        'You were assigned a consultation',
      ),
    ),
  );
  on('consultation.invited', (save, e) =>
    save(
      [e.userId],
      consultation(
        e.consultationId,
        'consultation.invited',
        '相談への参加を依頼されました',
        'You were invited to a consultation',
      ),
    ),
  );
  on('consultation.replied', (save, e) =>
    save(
      e.recipients,
      e.answer
        ? consultation(
            e.consultationId,
            'consultation.answered',
            '相談に回答がありました',
            'Your consultation was answered',
          )
        : consultation(
            e.consultationId,
            'consultation.reply',
            '相談に新しい返信があります',
            'A consultation has a new reply',
          ),
    ),
  );
  on('consultation.noted', (save, e) =>
    save(
      e.recipients,
      consultation(
        e.consultationId,
        'consultation.note',
        '相談に内部メモが追加されました',
        'An internal note was added',
      ),
    ),
  );

  on('referral.transitioned', (save, e) => save(e.recipients, referral(e.referralId, e.state)));
  on('referral.messaged', (save, e) => save(e.recipients, referral(e.referralId, 'message')));
  on('referral.overdue', (save, e) => save(e.recipients, referral(e.referralId, 'overdue')));

  on('case_report.submitted', (save, e) =>
    save(
      e.recipients,
      caseReport(
        e.caseReportId,
        'case_report.review',
        '事例報告のレビュー依頼があります',
        'A case report awaits review',
      ),
    ),
  );
  on('case_report.reviewed', (save, e) =>
    save(
      e.authorId === e.actorId ? [] : [e.authorId],
      e.published
        ? caseReport(
            e.caseReportId,
            'case_report.published',
            '事例報告が公開されました',
            'Your case report was published',
          )
        : caseReport(
            e.caseReportId,
            'case_report.returned',
            '事例報告が差し戻されました',
            'Your case report was returned',
          ),
    ),
  );

  on('organization_request.created', (save, e) =>
    save(e.recipients, {
      kind: 'organization_request.created',
      title: '所属変更の依頼が届きました',
      titleEn: 'A new organisation change request',
      link: '/admin/organization-requests',
      subjectType: 'organization_request',
      subjectId: e.requestId,
    }),
  );

  on('organization_request.decided', (save, e) =>
    save([e.userId], {
      kind: 'organization_request',
      title: e.approved ? '所属変更の依頼が承認されました' : '所属変更の依頼が却下されました',
      titleEn: e.approved ? 'Your organisation change was approved' : 'Your organisation change was declined',
      link: '/me',
      subjectType: 'organization_request',
      subjectId: e.requestId,
    }),
  );

  on('message.mentioned', (save, e) =>
    save(e.recipients, {
      kind: 'message.mention',
      title: `${e.authorName}さんがメッセージであなたに言及しました`,
      titleEn: `${e.authorName} mentioned you in a message`,
      link: `/messages/${e.conversationId}?message=${e.messageId}`,
      subjectType: 'message',
      subjectId: e.messageId,
    }),
  );
}
