/**
 * list_changed batching: registering fifty tools at start-up, or a burst of enable/disable calls,
 * must not flood clients. Every change in one tick becomes one notification per changed list,
 * sent in a microtask once the tick's synchronous work is done.
 */

/** The lists whose changes clients hear of through `notifications/{list}/list_changed`. */
export type ChangingList = "tools" | "resources" | "prompts";

export class ListChangeBatcher {
  private readonly pending = new Set<ChangingList>();

  /** `send` gets each batch: every list that changed in the tick, once, in order of first change. */
  constructor(private readonly send: (lists: ChangingList[]) => void) {}

  changed(list: ChangingList): void {
    if (this.pending.size === 0) {
      queueMicrotask(() => {
        const lists = [...this.pending];
        this.pending.clear();
        this.send(lists);
      });
    }
    this.pending.add(list);
  }
}
