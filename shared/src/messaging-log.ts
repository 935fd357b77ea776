import type { Message } from './schemas/messaging.ts';

/**
 * A client's copy of one conversation, fed by live `message:new`/`message:updated` events,
 * `sync` answers and history pages, in any order and with repeats: it keeps each message
 * once, by sequence number, and knows the highest position up to which it holds everything.
 *
 * Sequence numbers have no holes (a message that could not be stored takes no number), so a
 * message whose seq is above `contiguous + 1` means something is missing: `sync` from
 * `contiguous` fetches it.
 */
export class ConversationLog {
  private readonly bySeq = new Map<number, Message>();
  private held: number;
  private highest = 0;

  /** `from`: the position already held before this log (0 for a whole conversation). */
  constructor(from = 0) {
    this.held = from;
  }

  /** Adds or updates a message; returns what happened. */
  apply(message: Message): 'added' | 'duplicate' | 'updated' {
    const existing = this.bySeq.get(message.seq);
    if (existing) {
      const newer =
        (message.editedAt ?? '') > (existing.editedAt ?? '') ||
        (message.deleted && !existing.deleted) ||
        message.replyCount !== existing.replyCount;
      if (!newer) return 'duplicate';
      this.bySeq.set(message.seq, message);
      return 'updated';
    }
    this.bySeq.set(message.seq, message);
    this.highest = Math.max(this.highest, message.seq);
    while (this.bySeq.has(this.held + 1)) this.held += 1;
    return 'added';
  }

  /** Every position up to this one is held. */
  get contiguous(): number {
    return this.held;
  }

  /** Messages above the contiguous part are waiting for a missing one. */
  get hasGap(): boolean {
    return this.highest > this.held;
  }

  /** The messages in sequence order. */
  messages(): Message[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }
}
