/**
 * Two linked in-process transports. Messages are delivered on a later microtask, never inside
 * `send`, so the peers see the same ordering and re-entrancy as over a real stream. Messages are
 * passed by reference: treat what you send as handed over.
 */
import type { JsonRpcMessage } from "../jsonrpc/messages.js";
import type { MessageExtraInfo, Transport, TransportSendOptions } from "../jsonrpc/transport.js";

export class ConnectionClosedTransportError extends Error {
  override name = "ConnectionClosedTransportError";
}

/** Two transports wired to each other in one process: for tests and for embedding a server in its client. */
export class InMemoryTransport implements Transport {
  /** Set by the dispatcher: called once when the connection closes. */
  onclose?: (() => void) | undefined;
  /**
   * Set by the dispatcher: called with errors that are not a message (a malformed line, a failed write, ...).
   */
  onerror?: ((error: Error) => void) | undefined;
  /** Set by the dispatcher: called with each message received. */
  onmessage?: ((message: JsonRpcMessage, extra?: MessageExtraInfo) => void) | undefined;
  /** Always undefined: this transport has no sessions. */
  sessionId?: string | undefined;

  private peer: InMemoryTransport | undefined;
  private started = false;
  private closed = false;
  /** What arrived before start(): delivered, in order, once the transport starts. */
  private backlog: JsonRpcMessage[] = [];

  /** A connected pair: what one sends, the other receives. */
  static createLinkedPair(): [InMemoryTransport, InMemoryTransport] {
    const a = new InMemoryTransport();
    const b = new InMemoryTransport();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  /**
   * Starts delivering: messages that arrived before are delivered first, in order. Throws when started twice.
   */
  async start(): Promise<void> {
    if (this.started) throw new Error("InMemoryTransport already started");
    this.started = true;
    const backlog = this.backlog;
    this.backlog = [];
    for (const message of backlog) this.onmessage?.(message);
  }

  /**
   * Hands the message to the peer on a later microtask (the object itself, not a copy). Throws once either
   * side is closed.
   */
  async send(message: JsonRpcMessage, _options?: TransportSendOptions): Promise<void> {
    const peer = this.peer;
    if (this.closed || !peer || peer.closed) throw new ConnectionClosedTransportError("in-memory transport is closed");
    queueMicrotask(() => peer.receive(message));
  }

  private receive(message: JsonRpcMessage): void {
    if (this.closed) return;
    if (!this.started) {
      this.backlog.push(message);
      return;
    }
    this.onmessage?.(message);
  }

  /** Closes both sides; each one's `onclose` is called once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    this.peer = undefined;
    this.onclose?.();
    if (peer && !peer.closed) await peer.close();
  }
}
