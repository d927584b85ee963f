/**
 * stdio transports: newline-delimited JSON over a child process's stdin/stdout.
 * The server side reads its own stdin and writes its stdout; the client spawns the server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import type { JsonRpcMessage } from "../jsonrpc/messages.js";
import { type MessageExtraInfo, SENT, type Transport, type TransportSendOptions } from "../jsonrpc/transport.js";
import { DEFAULT_MAX_MESSAGE_BYTES, encodeMessage, NdjsonDecoder } from "./ndjson.js";
import { defaultServerEnvironment, planSpawn } from "./stdio-spawn.js";

export interface StdioLimits {
  /** Largest message accepted on input, in bytes (default 4 MiB); a longer line is answered with an error and skipped. */
  maxMessageBytes?: number;
  /**
   * Most output allowed to wait for a reader that has stopped reading, in bytes (default 16 MiB).
   * Past it the transport closes with a clear error instead of growing memory without bound.
   */
  maxBufferedBytes?: number;
}

export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export class TransportClosedError extends Error {
  override name = "TransportClosedError";
}

/** Shared by both ends: framing in, framing out with backpressure, one close. */
abstract class NdjsonStreamTransport implements Transport {
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

  /** Whether the transport has closed. */
  protected closed = false;
  private readonly decoder: NdjsonDecoder;
  private readonly maxBufferedBytes: number;

  constructor(limits: StdioLimits = {}) {
    this.maxBufferedBytes = limits.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.decoder = new NdjsonDecoder(
      {
        message: (value) => this.onmessage?.(value as JsonRpcMessage),
        error: (error) => this.onerror?.(error),
      },
      limits.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    );
  }

  abstract start(): Promise<void>;
  abstract close(): Promise<void>;
  protected abstract get output(): Writable | null | undefined;

  /** Feeds a chunk of input to the line decoder. */
  protected readonly onData = (chunk: Buffer | string) => {
    this.decoder.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  };

  /** Ends the input: a last line without a newline is still decoded. */
  protected readonly onInputEnd = () => {
    this.decoder.end();
  };

  /**
   * Writes the message as one line (messages sent in the same turn go out in one write). Rejects with
   * TransportClosedError once closed, and closes the transport when the peer has stopped reading (more than
   * the buffer limit waiting).
   */
  send(message: JsonRpcMessage, _options?: TransportSendOptions): Promise<void> {
    const output = this.output;
    if (this.closed || !output || output.destroyed || output.writableEnded) {
      return Promise.reject(new TransportClosedError("stdio transport is closed"));
    }
    if (output.writableLength > this.maxBufferedBytes) return this.overflow(output.writableLength);
    let line: string;
    try {
      line = encodeMessage(message);
    } catch (error) {
      return Promise.reject(error);
    }
    this.queued.push(line);
    // One flush per turn, scheduled as a plain promise reaction: queueMicrotask would make an async
    // resource per flush, which costs more than the write's own JavaScript at one message per turn.
    if (this.queued.length === 1) SENT.then(this.flush);
    // Queued: the shared settled promise, on which the dispatcher waits for nothing (see SENT).
    return SENT;
  }

  /** The peer stopped reading and too much waits for it: report, close, reject. */
  private async overflow(waiting: number): Promise<void> {
    const error = new TransportClosedError(
      `the peer stopped reading: ${waiting} bytes are waiting, over the ${this.maxBufferedBytes}-byte limit; closing`,
    );
    this.onerror?.(error);
    await this.close();
    throw error;
  }

  /**
   * Messages sent in one turn of the event loop go out in one write: a write is a system call, and
   * under load (32 requests in flight) one per message costs more than everything else put together.
   */
  private queued: string[] = [];
  /** Writes the queued lines in one write. */
  protected readonly flush = () => {
    const output = this.output;
    const lines = this.queued;
    if (lines.length === 0) return;
    this.queued = [];
    if (!output || output.destroyed || output.writableEnded) return;
    output.write(lines.length === 1 ? (lines[0] as string) : lines.join(""));
  };

  /** Marks the transport closed and calls `onclose`, once. */
  protected markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }
}

/** Options of `StdioServerTransport`: the streams to use (default this process's stdin and stdout) and the line limits. */
export interface StdioServerTransportOptions extends StdioLimits {
  /** Where messages are read from (default `process.stdin`). */
  stdin?: Readable;
  /** Where messages are written (default `process.stdout`). */
  stdout?: Writable;
}

/** The server end: reads its stdin, writes its stdout (which therefore must carry nothing else). */
export class StdioServerTransport extends NdjsonStreamTransport {
  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private started = false;

  /**
   * Creates the transport on this process's stdin and stdout, or the given streams; nothing is read until
   * `start()`.
   */
  constructor(options: StdioServerTransportOptions = {}) {
    super(options);
    this.stdin = options.stdin ?? process.stdin;
    this.stdout = options.stdout ?? process.stdout;
  }

  /** The stream messages are written to. */
  protected get output(): Writable {
    return this.stdout;
  }

  private readonly onEnd = () => {
    this.onInputEnd();
    this.markClosed();
  };

  private readonly onStreamError = (error: Error) => this.onerror?.(error);

  /** Starts reading stdin. Throws when started twice. */
  async start(): Promise<void> {
    if (this.started) throw new Error("StdioServerTransport already started");
    this.started = true;
    this.stdin.on("data", this.onData);
    this.stdin.on("end", this.onEnd);
    this.stdin.on("error", this.onStreamError);
    this.stdout.on("error", this.onStreamError);
  }

  /**
   * Stops reading (stdin is paused, so it no longer keeps the process alive) and calls `onclose`; stdout
   * stays open.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.stdin.off("data", this.onData);
    this.stdin.off("end", this.onEnd);
    this.stdin.off("error", this.onStreamError);
    this.stdout.off("error", this.onStreamError);
    // Let the process exit once nothing else holds it: stdin would otherwise keep it alive.
    this.stdin.pause();
    this.markClosed();
  }
}

/** Options of `StdioClientTransport`: the server program to spawn, its arguments, environment and directory, and the line limits. */
export interface StdioClientTransportOptions extends StdioLimits {
  /**
   * The server program to run (found on the PATH; on Windows a `.cmd` shim such as `npx` is run through
   * cmd.exe).
   */
  command: string;
  /** Its arguments. */
  args?: string[];
  /**
   * Variables for the server, on top of a safe default environment: only what a program needs on
   * its platform (HOME, LOGNAME, PATH, SHELL, TERM, USER on POSIX systems; APPDATA, PATH, SYSTEMROOT,
   * USERPROFILE and the like on Windows), never the rest of this process's environment.
   */
  env?: Record<string, string>;
  /** Its working directory (default this process's). */
  cwd?: string;
  /** What to do with the server's stderr: pass it through (default), read it (`stderr` stream), or drop it. */
  stderr?: "inherit" | "pipe" | "ignore";
  /** How long close() waits for the server to exit after stdin ends, before SIGTERM (default 2 s). */
  closeTimeoutMs?: number;
}

/** The client end: spawns the server and talks to it over its stdin/stdout. */
export class StdioClientTransport extends NdjsonStreamTransport {
  private child: ChildProcess | undefined;
  private readonly options: StdioClientTransportOptions;
  private exited: Promise<void> | undefined;
  /** The exit code or signal, once the server has exited. */
  exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  /** Creates the transport; the server is spawned by `start()`. */
  constructor(options: StdioClientTransportOptions) {
    super(options);
    this.options = options;
  }

  /** The server's stdin, once spawned. */
  protected get output(): Writable | null | undefined {
    return this.child?.stdin;
  }

  /** The server's stderr, when spawned with `stderr: "pipe"`. */
  get stderr(): Readable | null {
    return this.child?.stderr ?? null;
  }

  /** The server's process id, once spawned. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the server; resolves once it runs, rejects when it cannot be spawned (and when started twice). */
  start(): Promise<void> {
    if (this.child) return Promise.reject(new Error("StdioClientTransport already started"));
    return new Promise((resolve, reject) => {
      const env = { ...defaultServerEnvironment(process.env, process.platform), ...this.options.env };
      // On Windows a .cmd shim (npx) runs through cmd.exe, escaped; elsewhere the command is spawned as is.
      const plan = planSpawn(
        this.options.command,
        this.options.args ?? [],
        process.platform,
        process.env,
        existsSync,
        this.options.cwd,
      );
      const child = spawn(plan.file, plan.args, {
        cwd: this.options.cwd,
        env,
        stdio: ["pipe", "pipe", this.options.stderr ?? "inherit"],
        windowsHide: true,
        windowsVerbatimArguments: plan.windowsVerbatimArguments,
      });
      this.child = child;
      this.exited = new Promise((done) => {
        child.once("close", (code, signal) => {
          this.exitStatus = { code, signal };
          this.markClosed();
          done();
        });
      });
      child.once("error", (error) => {
        this.onerror?.(error);
        reject(error);
        this.markClosed();
      });
      child.once("spawn", () => resolve());
      child.stdout?.on("data", this.onData);
      child.stdout?.on("end", this.onInputEnd);
      child.stdin?.on("error", (error) => this.onerror?.(error));
    });
  }

  /**
   * Ends the server's stdin and waits for it to exit: SIGTERM after `closeTimeoutMs` (default 2 s), SIGKILL
   * after as long again.
   */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.closed) {
      this.markClosed();
      return;
    }
    this.flush();
    child.stdin?.end();
    const timeout = this.options.closeTimeoutMs ?? 2000;
    const exited = this.exited ?? Promise.resolve();
    if (!(await settlesWithin(exited, timeout))) {
      child.kill("SIGTERM");
      if (!(await settlesWithin(exited, timeout))) child.kill("SIGKILL");
    }
    await exited;
  }
}

function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
