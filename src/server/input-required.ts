/**
 * Multi round-trip requests (stateless lifecycle, MRTR): a handler that needs sampling, elicitation or roots
 * asks for them as usual; on a request of the stateless lifecycle there is no channel to send them
 * on, so the kernel answers with an `InputRequiredResult` carrying them as `inputRequests`, and the
 * client retries the request with `inputResponses`. The handler then runs again from the start and
 * this time each ask is answered at once from the responses.
 *
 * What the earlier rounds established (the answers the handler consumed, and any state the handler
 * kept) travels in `requestState`, sealed with AES-GCM (Web Crypto) under the server's keys: the
 * client cannot read, forge or alter it, and it only opens for the same server keys, the same
 * method and parameters, the same principal, before it expires. Any replica holding the keys can
 * continue a request another one started.
 */

import type { Params } from "../jsonrpc/outbound.js";
import { base64ToBytes, bytesToBase64url } from "../protocol/base64.js";
import { canonicalJson } from "../protocol/canonical-json.js";
import { ErrorCode, McpError, SchemaViolationError } from "../protocol/errors.js";
import { inputRequestKind } from "../protocol/input-requests.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import { validateDefinition } from "../validation/validate.js";

/** Thrown into a handler's pending asks once the round is over: the client has to answer first. */
export class InputRequiredSignal extends Error {
  /** The error's name, `"InputRequiredSignal"`. */
  override name = "InputRequiredSignal";
  /**
   * Creates the signal for the `inputRequests` keys the client has to answer.
   * @param keys - The `inputRequests` keys the client has to answer.
   */
  constructor(readonly keys: string[]) {
    super(`input required from the client: ${keys.join(", ")}`);
  }
}

/** One key of the `requestState` sealing: an id (so a key can be retired) and 32 secret bytes. */
export interface RequestStateKey {
  /** Names the key inside sealed states, so a rotated-out key is still found (short, no dots). */
  id: string;
  /** 32 bytes (AES-256-GCM): raw bytes, or base64. */
  secret: Uint8Array | string;
}

/** How the stateless lifecycle's `requestState` is sealed: the keys (shared by replicas, newest first) and how long a state lives. */
export interface RequestStateOptions {
  /**
   * Keys that seal and open `requestState`, newest first: the first seals, all open (rotation:
   * put the new key first, drop the old one once its states have expired). Replicas that should
   * continue each other's requests need the same keys. Default: one random key per process.
   */
  keys?: readonly RequestStateKey[];
  /** How long a sealed state stays valid (default 10 minutes). */
  ttlMs?: number;
}

interface SealedPayload {
  /** Method of the originating request. */
  m: string;
  /** SHA-256 of its salient parameters. */
  d: string;
  /** Expiry, ms since the epoch. */
  e: number;
  /** The authenticated principal it was issued to, if any. */
  p: string | null;
  /** Answers consumed so far, by key. */
  a: Record<string, unknown>;
  /** The handler's own state (ctx.state). */
  s: unknown;
}

/** A request state the sealer opened: what the handler's earlier runs collected. */
export interface OpenedState {
  /** The client's answers so far, by `inputRequests` key. */
  answers: Record<string, unknown>;
  /** The state the handler kept for its next run (`ctx.state`). */
  state: unknown;
}

const FORMAT = "mrs1";

type SecretKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** Seals and opens request states. */
export class RequestStateSealer {
  private readonly keys: Promise<Array<{ id: string; key: SecretKey }>>;
  /** How long a sealed state stays valid, in ms (default 10 minutes). */
  readonly ttlMs: number;

  /**
   * Creates the sealer. With no `keys`, states are sealed with a random key of this process (so only it can
   * open them); give the same keys to every process of a scaled-out server. Throws when a key id is not 1-32
   * of `[A-Za-z0-9_-]`.
   */
  constructor(
    /** Binds states to this server: sealed into the authenticated data. */
    private readonly audience: string,
    options: RequestStateOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10 * 60 * 1000;
    const configured = options.keys ?? [];
    for (const key of configured) {
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(key.id))
        throw new Error(`requestState key id ${key.id} must be 1-32 of [A-Za-z0-9_-]`);
    }
    this.keys =
      configured.length > 0
        ? Promise.all(configured.map(async (k) => ({ id: k.id, key: await importKey(secretBytes(k.secret)) })))
        : crypto.subtle
            .generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
            .then((key) => [{ id: "local", key }]);
    this.keys.catch(() => {});
  }

  /**
   * Seals the state of a round (AES-GCM): bound to the method, a digest of the params, the principal, this
   * server and an expiry; returns the opaque `requestState` to send.
   */
  async seal(
    method: string,
    params: Params | undefined,
    principal: string | null,
    answers: Record<string, unknown>,
    state: unknown,
  ): Promise<string> {
    const [current] = await this.keys;
    if (!current) throw new Error("no requestState key");
    const payload: SealedPayload = {
      m: method,
      d: await digestOf(params),
      e: Date.now() + this.ttlMs,
      p: principal,
      a: answers,
      s: state ?? null,
    };
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: this.aad(current.id) },
      current.key,
      new TextEncoder().encode(JSON.stringify(payload)),
    );
    return `${FORMAT}.${current.id}.${base64url(iv)}.${base64url(new Uint8Array(sealed))}`;
  }

  /** Opens a state the client echoed; any failure is a typed -32602 saying why, never a crash. */
  async open(
    sealed: unknown,
    method: string,
    params: Params | undefined,
    principal: string | null,
  ): Promise<OpenedState> {
    const invalid = (why: string) =>
      new McpError(ErrorCode.InvalidParams, `Invalid params: requestState ${why}`, { field: "requestState" });
    if (typeof sealed !== "string") throw invalid("must be a string");
    const parts = sealed.split(".");
    if (parts.length !== 4 || parts[0] !== FORMAT) throw invalid("was not issued by this server");
    const [, keyId, ivText, bodyText] = parts as [string, string, string, string];
    const key = (await this.keys).find((k) => k.id === keyId);
    if (!key) throw invalid("was sealed with a key this server does not hold");
    const iv = fromBase64url(ivText);
    const body = fromBase64url(bodyText);
    if (iv?.byteLength !== 12 || !body) throw invalid("is malformed");
    let payload: SealedPayload;
    try {
      const opened = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: this.aad(keyId) },
        key.key,
        body,
      );
      payload = JSON.parse(new TextDecoder().decode(opened)) as SealedPayload;
    } catch {
      throw invalid("failed its integrity check (tampered, or sealed by another server)");
    }
    if (typeof payload !== "object" || payload === null) throw invalid("is malformed");
    if (!(payload.e > Date.now())) throw invalid("has expired");
    if (payload.m !== method || payload.d !== (await digestOf(params))) {
      throw invalid("belongs to another request (method or parameters differ)");
    }
    if (payload.p !== principal) throw invalid("was issued to another principal");
    const answers = typeof payload.a === "object" && payload.a !== null ? payload.a : {};
    return { answers, state: payload.s ?? undefined };
  }

  private aad(keyId: string): Uint8Array {
    return new TextEncoder().encode(`${FORMAT}|${keyId}|${this.audience}`);
  }
}

/** What a retried request brings: the answers so far (earlier rounds and this one). */
export interface AskOptions {
  /**
   * The key of this ask in `inputRequests` / `inputResponses`. Default: the method's short name
   * and the ask's position in the handler ("elicitation-1", "sampling-1", "roots-1", ...), which
   * is stable as long as the handler asks in the same order on every run.
   */
  key?: string;
  /**
   * Versions with the core tasks: ask the client to run this sampling or elicitation request as a
   * task (`true`, or `{ ttlMs }` for the time to live to ask for), when the client declared it can
   * (`capabilities.tasks.requests`). The call still resolves with the final result: the task is
   * polled (`tasks/get` at the client's `pollInterval`) and its payload fetched (`tasks/result`);
   * aborting the call cancels the task. Where the client cannot, the request is sent plain.
   */
  task?: boolean | { ttlMs?: number };
}

/**
 * One run of a handler within a multi round-trip request: answers what it can from the responses,
 * collects what it cannot, and ends the run once the handler waits on something unanswered.
 */
export class InputRound {
  // Made on the first ask: most runs ask nothing, and pay for none of it.
  private asked: Map<string, { method: string; params: Params | undefined }> | undefined;
  private consumed: Record<string, unknown> | undefined;
  private waiting: Array<(error: Error) => void> | undefined;
  private counters: Map<string, number> | undefined;
  private scheduled = false;
  /** Called once when the run cannot go on without the client: the kernel answers InputRequiredResult. */
  private onNeeded: (() => void) | undefined;
  private controller: AbortController | undefined;
  private ended: InputRequiredSignal | undefined;
  /** State the handler wants back on the next run (JSON); starts as what the previous run kept. */
  state: unknown;

  /** Creates a run, with the answers the client sent and the state the previous run kept. */
  constructor(
    private readonly answers: Record<string, unknown>,
    private readonly version: ProtocolVersion,
    state: unknown,
    /** Whether this run continues an earlier one (a sealed requestState came back and opened). */
    readonly resumed = false,
  ) {
    this.state = state;
  }

  /**
   * Settles with the handler's run, or with undefined as soon as the run needs the client (one
   * promise per run; nothing else is made when the handler asks for nothing).
   */
  race(run: Promise<Params | undefined>): Promise<
    | {
        /** What the handler's run returned. */
        value: Params | undefined;
      }
    | {
        /** What the handler's run threw. */
        error: unknown;
      }
    | undefined
  > {
    return new Promise((resolve) => {
      this.onNeeded = () => resolve(undefined);
      run.then(
        (value) => resolve({ value }),
        (error: unknown) => resolve({ error }),
      );
    });
  }

  /** The handler asks the client for something; answered from the responses or deferred to the client. */
  ask<R>(method: string, params: Params | undefined, options: AskOptions = {}): Promise<R> {
    const kind = inputRequestKind(method);
    if (!kind)
      throw new McpError(ErrorCode.InternalError, `${method} cannot be asked of the client in ${this.version}`);
    validateDefinition(kind.request, this.version, params === undefined ? { method } : { method, params });
    const short = kind.short;
    this.counters ??= new Map();
    const count = (this.counters.get(short) ?? 0) + 1;
    this.counters.set(short, count);
    const key = options.key ?? `${short}-${count}`;
    if (Object.hasOwn(this.answers, key)) {
      const answer = this.answers[key];
      try {
        validateDefinition(kind.result, this.version, answer);
      } catch (error) {
        if (error instanceof SchemaViolationError) {
          return Promise.reject(
            new McpError(
              ErrorCode.InvalidParams,
              `Invalid params: inputResponses.${key} is not a valid ${method} result`,
              {
                key,
                issues: error.issues,
              },
            ),
          );
        }
        throw error;
      }
      this.consumed ??= {};
      this.consumed[key] = answer;
      return Promise.resolve(answer as R);
    }
    this.asked ??= new Map();
    if (this.asked.has(key)) throw new Error(`two asks share the inputRequests key ${key}`);
    this.asked.set(key, { method, params });
    if (!this.scheduled) {
      this.scheduled = true;
      // Let the handler issue whatever else it asks for concurrently, then end the run.
      setImmediate(() => this.finish());
    }
    return new Promise<R>((_resolve, reject) => {
      this.waiting ??= [];
      this.waiting.push(reject);
    });
  }

  /** Aborted when this run ends for lack of input (made on first use). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.ended) this.controller.abort(this.ended);
    }
    return this.controller.signal;
  }

  /** Whether the handler asked the client for something this run could not answer. */
  get needsInput(): boolean {
    return this.asked !== undefined && this.asked.size > 0;
  }

  private finish(): void {
    const signal = new InputRequiredSignal([...(this.asked?.keys() ?? [])]);
    this.ended = signal;
    this.controller?.abort(signal);
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    for (const reject of waiting) reject(signal);
    this.onNeeded?.();
  }

  /** The InputRequiredResult's `inputRequests`. */
  inputRequests(): Record<string, Params> {
    const requests: Record<string, Params> = {};
    for (const [key, { method, params }] of this.asked ?? []) {
      requests[key] = params === undefined ? { method, params: {} } : { method, params };
    }
    return requests;
  }

  /** What the next run needs to know: every answer consumed so far. */
  answersToKeep(): Record<string, unknown> {
    return this.consumed ?? {};
  }
}

/** The request's salient parameters: everything but its envelope and the round-trip fields. */
async function digestOf(params: Params | undefined): Promise<string> {
  const { _meta: _m, inputResponses: _i, requestState: _s, ...salient } = params ?? {};
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalJson(salient)));
  return base64url(new Uint8Array(bytes));
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  const bytes = typeof secret === "string" ? base64ToBytes(secret) : secret;
  if (bytes.byteLength !== 32) throw new Error("a requestState key must be 32 bytes (AES-256-GCM)");
  return bytes;
}

function importKey(bytes: Uint8Array): Promise<SecretKey> {
  return crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
}

function base64url(bytes: Uint8Array): string {
  return bytesToBase64url(bytes);
}

function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    return base64ToBytes(text);
  } catch {
    return undefined;
  }
}
