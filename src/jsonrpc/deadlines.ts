/**
 * One timer for many deadlines: the requests of a connection each have a deadline (their handler's
 * limit, or how long to wait for an answer), and nearly all of them finish long before it. Arming
 * and clearing a timer per request costs an object and timer-list work each time; here a deadline
 * is a number on its entry, and a single timer, armed for the earliest deadline it knows of, fires
 * the due ones and re-arms for the next. A deadline fires when a timer of its own would, give or
 * take SLACK_MS.
 */

/** Something with a deadline: `expire` is called once when it passes, unless removed before. */
export interface Deadline {
  /** When it is due (performance.now() time), set by `Deadlines.add`. */
  due: number;
  expire(): void;
}

/** How late a deadline may fire: deadlines this close together share one wake-up. */
const SLACK_MS = 1;

export class Deadlines {
  private readonly entries = new Set<Deadline>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the armed timer fires (Infinity when none is armed). */
  private armedFor = Number.POSITIVE_INFINITY;
  /** False while the armed timer is unreferenced (nothing waits; see `delete`). */
  private refed = true;

  get size(): number {
    return this.entries.size;
  }

  /**
   * Sets `entry` to expire `ms` after `from` (a performance.now() time, default now; again, if it was waiting
   * already); an infinite `ms` removes it.
   */
  add(entry: Deadline, ms: number, from = performance.now()): void {
    if (!Number.isFinite(ms)) {
      this.delete(entry);
      return;
    }
    entry.due = from + Math.max(0, ms);
    this.entries.add(entry);
    // The armed timer fires no later than this one is due: it will see it. Else arm for this one.
    if (entry.due + SLACK_MS < this.armedFor) this.arm(entry.due);
    else if (!this.refed) this.setRefed(true);
  }

  delete(entry: Deadline): void {
    // Most entries never waited (their handler answered at once): nothing changes for them.
    if (!this.entries.delete(entry)) return;
    // The timer stays armed: when it fires it finds nothing due and re-arms (or stops) then. With
    // nothing waiting it no longer holds the process, but it is kept, so that the next request (one
    // at a time is the usual case) re-uses it instead of making and clearing a timer of its own.
    if (this.entries.size === 0) this.setRefed(false);
  }

  /** Forgets every deadline and stops the timer. */
  clear(): void {
    this.entries.clear();
    this.disarm();
  }

  private arm(due: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = due;
    // Like a timer per request, a waiting deadline keeps the process alive.
    this.timer = setTimeout(this.fire, Math.max(0, Math.ceil(due - performance.now())));
    this.refed = true;
  }

  /**
   * Whether the armed timer holds the process: only while a deadline waits. Where timers cannot be
   * unreferenced (browsers: a number, not an object), an idle timer is cleared instead.
   */
  private setRefed(refed: boolean): void {
    const timer = this.timer as { ref?: () => void; unref?: () => void } | number | undefined;
    if (typeof timer === "object" && typeof timer.unref === "function" && typeof timer.ref === "function") {
      if (refed) timer.ref();
      else timer.unref();
      this.refed = refed;
    } else if (!refed) {
      this.disarm();
    }
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    this.refed = true;
  }

  private readonly fire = () => {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const due: Deadline[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.entries) {
      if (entry.due <= now + SLACK_MS) due.push(entry);
      else if (entry.due < next) next = entry.due;
    }
    for (const entry of due) this.entries.delete(entry);
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
    for (const entry of due) entry.expire();
  };
}
