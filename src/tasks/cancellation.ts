/**
 * A task cancelled through any process stops its work where it runs. `tasks/cancel` may reach a
 * process that is not running the task (behind a load balancer, or after a restart): that process
 * can only write `cancelled` into the shared store. The process running the work learns of it by
 * watching the task's record, and aborts the work's signal.
 */
import type { TaskRecord, TaskStore } from "./task-store.js";

/**
 * Calls `onCancelled` once, with the record, when the task's record turns `cancelled` (or is marked
 * `cancelRequested`) through this store, from this process or any other sharing it. Returns the
 * function that stops watching; it is safe to call more than once, and the watch stops by itself
 * once `onCancelled` has run. Call it when the work ends, so that no subscription outlives it.
 */
export function watchCancellation(
  store: TaskStore,
  taskId: string,
  onCancelled: (record: TaskRecord) => void,
): () => void {
  let stop: (() => void) | undefined;
  let done = false;
  const end = () => {
    done = true;
    const stopping = stop;
    stop = undefined;
    stopping?.();
  };
  stop = store.watch(taskId, (record) => {
    if (done || (record.status !== "cancelled" && record.cancelRequested !== true)) return;
    end();
    onCancelled(record);
  });
  // A store that called the listener synchronously inside `watch` has already ended it.
  if (done) end();
  return end;
}
