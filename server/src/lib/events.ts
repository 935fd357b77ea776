import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '@tsunagu/db';
import type { ConversationSummary, Message, Notification } from '@tsunagu/shared';

/**
 * What happened in the domain, published by the services. Subscribers: realtime delivery
 * (socket rooms), notifications and, next, mail. `recipients` never includes the actor.
 */
export interface DomainEvents {
  'consultation.posted': { consultationId: string; actorId: string; recipients: string[] };
  'consultation.status': { consultationId: string; actorId: string; status: string; recipients: string[] };
  'consultation.assigned': { consultationId: string; actorId: string; assigneeId: string };
  'consultation.invited': { consultationId: string; actorId: string; userId: string };
  'consultation.replied': { consultationId: string; actorId: string; answer: boolean; recipients: string[] };
  'consultation.noted': { consultationId: string; actorId: string; recipients: string[] };
  /** Any change a consultation page shows: `viewers` are everyone who may see it now (the actor included). */
  'consultation.changed': { consultationId: string; actorId: string; viewers: string[] };
  'referral.transitioned': { referralId: string; actorId: string; state: string; recipients: string[] };
  'referral.messaged': { referralId: string; actorId: string; recipients: string[] };
  'referral.overdue': { referralId: string; recipients: string[] };
  /** Any change a referral page shows (state, thread): both sides and the actor. */
  'referral.changed': { referralId: string; actorId: string | null; viewers: string[] };
  'case_report.submitted': { caseReportId: string; actorId: string; recipients: string[] };
  'case_report.reviewed': { caseReportId: string; actorId: string; published: boolean; authorId: string };
  'organization_request.created': { requestId: string; actorId: string; recipients: string[] };
  'organization_request.decided': { requestId: string; actorId: string; userId: string; approved: boolean };
  'message.created': { message: Message };
  'message.updated': { message: Message };
  'message.mentioned': {
    conversationId: string;
    messageId: string;
    authorName: string;
    recipients: string[];
  };
  /** Users added to a conversation; `summary` is what each of `userIds` sees. */
  'conversation.membersAdded': { summary: ConversationSummary; userIds: string[] };
  'conversation.membersRemoved': { conversationId: string; userIds: string[] };
  'notification.created': { userId: string; notification: Notification };
  /** An account became active (an invitation accepted, or an admin's change of status). */
  'account.activated': { userId: string };
  /** A user saved their own profile (their areas or qualifications may have changed). */
  'profile.changed': { userId: string };
}
export type EventName = keyof DomainEvents;

/** Runs after the commit; a failure is logged and never reaches the publisher. */
export type Subscriber<K extends EventName> = (payload: DomainEvents[K]) => void | Promise<void>;
/** Runs inside the publisher's transaction (its writes commit or roll back with it). */
export type TransactionalSubscriber<K extends EventName> = (
  tx: Db,
  payload: DomainEvents[K],
) => Promise<void>;

type Queued = { [K in EventName]: { name: K; payload: DomainEvents[K] } }[EventName];

/**
 * The domain events of one app. `publish(tx, …)` in a transaction opened by `transaction()`
 * queues the event: it is delivered once, after the commit, and dropped on rollback. Published
 * on the plain database (no transaction: the write has already committed), it is delivered at
 * once. Publishing in a transaction the bus did not open is a programming error: its commit
 * cannot be seen, so it throws rather than deliver too early.
 */
export class EventBus {
  private readonly after = new Map<EventName, Set<Subscriber<never>>>();
  private readonly within = new Map<EventName, Set<TransactionalSubscriber<never>>>();
  private readonly open = new WeakMap<object, Queued[]>();

  constructor(private readonly onError: (error: unknown, event: EventName) => void = () => undefined) {}

  /** Subscribes after the commit; returns the function that ends the subscription. */
  subscribe<K extends EventName>(name: K, subscriber: Subscriber<K>): () => void {
    return add(this.after, name, subscriber as Subscriber<never>);
  }

  /** Subscribes inside the transaction: writes that must commit with the event (a notification row). */
  subscribeInTransaction<K extends EventName>(name: K, subscriber: TransactionalSubscriber<K>): () => void {
    return add(this.within, name, subscriber as TransactionalSubscriber<never>);
  }

  /** Runs `work` in a transaction; what it publishes is delivered after the commit. */
  async transaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
    const queue: Queued[] = [];
    const result = await db.transaction(async (tx) => {
      this.open.set(tx, queue);
      try {
        return await work(tx as unknown as Db);
      } finally {
        this.open.delete(tx);
      }
    });
    this.deliver(queue);
    return result;
  }

  async publish<K extends EventName>(db: Db, name: K, payload: DomainEvents[K]): Promise<void> {
    const queue = this.open.get(db);
    if (!queue && is(db, PgTransaction))
      throw new Error(`event ${name} published in a transaction not opened by EventBus.transaction`);
    for (const subscriber of this.within.get(name) ?? [])
      await (subscriber as TransactionalSubscriber<K>)(db, payload);
    const event = { name, payload } as Queued;
    if (queue) queue.push(event);
    else this.deliver([event]);
  }

  private deliver(events: Queued[]) {
    for (const { name, payload } of events)
      for (const subscriber of [...(this.after.get(name) ?? [])]) {
        try {
          const pending = (subscriber as Subscriber<typeof name>)(payload as never);
          if (pending instanceof Promise) pending.catch((error: unknown) => this.onError(error, name));
        } catch (error) {
          this.onError(error, name);
        }
      }
  }
}

function add<T>(map: Map<EventName, Set<T>>, name: EventName, item: T): () => void {
  let set = map.get(name);
  if (!set) map.set(name, (set = new Set()));
  set.add(item);
  return () => void set.delete(item);
}
