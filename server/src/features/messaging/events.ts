import { EventEmitter } from 'node:events';
import type { ConversationSummary, Message } from '@tsunagu/shared';

/**
 * What happened in messaging, announced after the commit, for the real-time layer of this
 * app (plugins/realtime.ts) to deliver through socket.io (and its adapter, to every process).
 */
export interface MessagingEventMap {
  /** A stored message, announced in sequence order per conversation. */
  message: [message: Message];
  updated: [message: Message];
  /** Users added to a conversation: their sockets join its room. */
  membersAdded: [conversation: ConversationSummary, userIds: string[]];
  /** Users removed from a conversation: their sockets leave its room at once. */
  membersRemoved: [conversationId: string, userIds: string[]];
}

export class MessagingEvents extends EventEmitter<MessagingEventMap> {}

/**
 * Runs tasks one after another per key (a conversation): a message is stored and announced
 * before the next one of the same conversation is, so this process announces them in
 * sequence order even when the database answers concurrent senders out of order.
 */
export class Sequencer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
