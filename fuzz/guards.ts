/**
 * What every fuzz case is checked for besides its answers: no unhandled rejection or uncaught
 * exception while it ran, no new key on Object.prototype (or other built-in prototypes), and an
 * end within its deadline.
 */
import { setImmediate as nextTurn } from "node:timers/promises";

export class FuzzFailure extends Error {
  override name = "FuzzFailure";
}

const PROTOTYPES: Array<[string, object]> = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
];

const snapshot = () => PROTOTYPES.map(([, proto]) => Reflect.ownKeys(proto).length);

/**
 * Installed for the whole run: collects process-level errors. `check()` after each case fails it
 * (and forgets them) when anything fired or a prototype grew.
 */
export class ProcessGuard {
  private readonly errors: unknown[] = [];
  private readonly baseline = snapshot();
  private readonly onRejection = (reason: unknown) => this.errors.push(reason);
  private readonly onException = (error: unknown) => this.errors.push(error);

  install(): this {
    process.on("unhandledRejection", this.onRejection);
    process.on("uncaughtException", this.onException);
    return this;
  }

  uninstall(): void {
    process.off("unhandledRejection", this.onRejection);
    process.off("uncaughtException", this.onException);
  }

  check(): void {
    if (this.errors.length > 0) {
      const errors = this.errors.splice(0);
      throw new FuzzFailure(
        `unhandled rejection or uncaught exception: ${errors.map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e))).join("\n")}`,
      );
    }
    const now = snapshot();
    PROTOTYPES.forEach(([name, proto], index) => {
      if (now[index] !== this.baseline[index]) {
        const keys = Reflect.ownKeys(proto).map(String);
        throw new FuzzFailure(`prototype pollution: ${name} now has keys ${keys.join(", ")}`);
      }
    });
    // A polluted getter or value would show up on any fresh object.
    const probe = {} as Record<string, unknown>;
    for (const key of ["polluted", "isAdmin", "a", "x"]) {
      if (key in probe) throw new FuzzFailure(`prototype pollution: ({}).${key} is defined`);
    }
  }
}

/** Waits, turn by turn, until `done()` or the deadline (then fails the case as a hang). */
export async function until(done: () => boolean, deadline: number, what: string): Promise<void> {
  while (!done()) {
    if (Date.now() > deadline) throw new FuzzFailure(`hang: ${what} did not happen within the case deadline`);
    await nextTurn();
  }
}

/** Lets everything already scheduled run: returns once `count()` has not changed for two turns. */
export async function settle(count: () => number, deadline: number): Promise<void> {
  let last = -1;
  let still = 0;
  while (still < 2 && Date.now() <= deadline) {
    const now = count();
    still = now === last ? still + 1 : 0;
    last = now;
    await nextTurn();
  }
}

/** Runs `work` with a hard deadline: a promise that never settles fails the case instead of hanging the run. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzFailure(`hang: ${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One hard deadline for a whole case (one timer, not one per step): `race(work, what)` fails the
 * case as a hang when `work` has not settled by the deadline; `end()` clears the timer.
 */
export class CaseDeadline {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly expired: Promise<never>;
  private what: () => string = () => "the case";

  constructor(readonly ms: number) {
    const started = Date.now();
    this.expired = new Promise<never>((_, reject) => {
      this.timer = setTimeout(
        () =>
          reject(new FuzzFailure(`hang: ${this.what()} took over ${Date.now() - started} ms (case deadline ${ms} ms)`)),
        ms,
      );
    });
    // Nobody may be racing it when it fires (between steps); the step that races it next sees it.
    this.expired.catch(() => {});
  }

  race<T>(work: Promise<T>, what: () => string): Promise<T> {
    this.what = what;
    return Promise.race([work, this.expired]);
  }

  end(): void {
    clearTimeout(this.timer);
  }
}
