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
