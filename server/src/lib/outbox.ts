import { schema, type Db } from '@tsunagu/db';

export interface OutboxMail {
  to: string;
  subject: string;
  /** Plain text. */
  body: string;
  html: string;
}

/** Every mail is first a row here (state queued): admins read it, and delivery works from it. */
export async function insertMail(db: Pick<Db, 'insert'>, mail: OutboxMail): Promise<string> {
  const [row] = await db.insert(schema.outbox).values(mail).returning({ id: schema.outbox.id });
  return row!.id;
}
