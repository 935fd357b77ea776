import type { Role } from '@tsunagu/shared';
import { render, type MailContent } from './template.ts';

const roleLabels: Record<Role, { ja: string; en: string }> = {
  coordinator: { ja: '医療的ケア児等コーディネーター', en: 'coordinator' },
  supporter: { ja: '支援事業所スタッフ', en: 'support provider staff' },
  center_staff: { ja: '医療的ケア児等支援センター職員', en: 'support centre staff' },
  admin: { ja: '管理者', en: 'administrator' },
};

export function invitationMail(p: { name: string; role: Role; url: string }): MailContent {
  const role = roleLabels[p.role];
  return render({
    subject: { ja: 'つなぐへのご招待', en: 'You are invited to Tsunagu' },
    ja: [
      `${p.name} 様`,
      `つなぐ（医療的ケア児等コーディネーターのネットワーク）に${role.ja}として招待されました。\n次のリンクから14日以内にパスワードを設定してください。`,
      { href: p.url },
    ],
    en: [
      `Dear ${p.name},`,
      `You have been invited to Tsunagu, the network of medical care coordinators, as ${role.en}.\nSet your password within 14 days:`,
      { href: p.url },
    ],
  });
}

export function passwordResetMail(p: { name: string; url: string }): MailContent {
  return render({
    subject: { ja: 'パスワード再設定のご案内', en: 'Reset your password' },
    ja: [
      `${p.name} 様`,
      'パスワード再設定の依頼を受け付けました。次のリンクから1時間以内に新しいパスワードを設定してください。',
      { href: p.url },
      '心当たりがない場合はこのメールを破棄してください。',
    ],
    en: [
      `Dear ${p.name},`,
      'A password reset was requested. Set a new password within one hour:',
      { href: p.url },
      'If you did not ask for this, ignore this mail.',
    ],
  });
}
