/**
 * JSON-RPC batches (an array of requests and notifications in one message), for the peers that
 * accept them: the answers to a batch's requests are gathered and sent back as one array once all
 * of them are answered, in whatever order they finished. A batch of only notifications gets nothing.
 */
import { type ClassifiedMessage, classifyMessage, type JsonRpcResponse, type RequestId } from "./messages.js";

class BatchAnswers {
  private readonly answers: JsonRpcResponse[] = [];
  /** Requests of the batch not answered yet, by id (an id the batch repeats counts twice). */
  private readonly waiting = new Map<RequestId, number>();
  private sealed = false;

  constructor(private readonly send: (answers: JsonRpcResponse[]) => void) {}

  /** A request of the batch, whose answer is to be waited for. */
  expect(id: RequestId): void {
    this.waiting.set(id, (this.waiting.get(id) ?? 0) + 1);
  }

  /** Whether an answer to `id` is still awaited here. */
  awaits(id: RequestId): boolean {
    return this.waiting.has(id);
  }

  /** An answer to one of the batch's messages (an invalid element's error included). */
  take(answer: JsonRpcResponse): void {
    this.answers.push(answer);
    if (answer.id !== null && answer.id !== undefined) this.settle(answer.id);
    this.flushWhenDone();
  }

  /** A request that will get no answer (the peer cancelled it). */
  skip(id: RequestId): void {
    if (!this.waiting.has(id)) return;
    this.settle(id);
    this.flushWhenDone();
  }

  /** Every element has been read: the answers go out as soon as the last request is answered. */
  seal(): void {
    this.sealed = true;
    this.flushWhenDone();
  }

  private settle(id: RequestId): void {
    const left = (this.waiting.get(id) ?? 1) - 1;
    if (left > 0) this.waiting.set(id, left);
    else this.waiting.delete(id);
  }

  private flushWhenDone(): void {
    if (!this.sealed || this.waiting.size > 0) return;
    this.sealed = false;
    if (this.answers.length > 0) this.send(this.answers.splice(0));
  }
}

/** The batches of one connection whose answers are still being gathered. */
export class Batches {
  /**
   * The batch each request of a batch belongs to, and the batch being read (its synchronous answers). An id
   * an earlier batch still waits on stays that batch's: a later batch repeating it gets its own answer (the
   * "already in flight" refusal) while it is read, and the earlier batch the real one.
   */
  private readonly batchOf = new Map<RequestId, BatchAnswers>();
  private reading: BatchAnswers | undefined;

  /**
   * Reads a batch: `receive` takes each element as if it came alone; the answers to its requests go
   * to `send` together, as one array, once all are in.
   */
  read(
    elements: readonly unknown[],
    receive: (classified: ClassifiedMessage) => void,
    send: (answers: JsonRpcResponse[]) => void,
  ): void {
    const batch = new BatchAnswers(send);
    this.reading = batch;
    try {
      for (const element of elements) {
        const classified = classifyMessage(element);
        if (classified.kind === "request") {
          const id = classified.message.id;
          batch.expect(id);
          if (!this.batchOf.has(id)) this.batchOf.set(id, batch);
        }
        receive(classified);
      }
    } finally {
      this.reading = undefined;
    }
    batch.seal();
  }

  /** Hands an answer to the batch its request came in; false when it came alone. */
  take(answer: JsonRpcResponse): boolean {
    const id = answer.id;
    const reading = this.reading;
    const known = id !== null && id !== undefined;
    // An answer given while a batch is read, to an id that batch holds, is that batch's (an answer to an
    // earlier batch's request never comes synchronously inside a later read).
    const batch = known && !reading?.awaits(id) ? (this.batchOf.get(id) ?? reading) : reading;
    if (!batch) return false;
    batch.take(answer);
    if (known && this.batchOf.get(id) === batch && !batch.awaits(id)) this.batchOf.delete(id);
    return true;
  }

  /** A request that gets no answer (cancelled): its batch stops waiting for it. */
  skip(id: RequestId): void {
    const batch = this.batchOf.get(id);
    if (!batch) return;
    batch.skip(id);
    if (!batch.awaits(id)) this.batchOf.delete(id);
  }

  clear(): void {
    this.batchOf.clear();
  }
}
