/**
 * The server-to-client surface, built by the kernel for each inbound request (and once per
 * connection for standalone use). `relatedRequestId` picks the channel: present, the message
 * travels with that request; absent, on the connection's standalone channel.
 *
 * Nothing goes on the wire that the negotiated version or the client's capabilities do not allow:
 * such a call throws a typed error first. With no channel to travel on, NoBackChannelError at once.
 */

import { declaresExtension, type ExtensionMethodEntry } from "../extensions/registry.js";
import type { RequestId } from "../jsonrpc/messages.js";
import type { CallOptions, NotifyOptions, Outbound, Params } from "../jsonrpc/outbound.js";
import { CapabilityNotSupportedError, MethodNotInVersionError, NoBackChannelError } from "../protocol/errors.js";
import { hasFeature } from "../protocol/features.js";
import { definesMethod } from "../protocol/methods.js";
import type * as Model from "../protocol/model.js";
import type { ProtocolVersion } from "../protocol/versions.js";
import {
  validateClientResult,
  validateDefinition,
  validateServerNotification,
  validateServerRequest,
} from "../validation/validate.js";
import type { ClientCapabilities, Connection, LoggingLevel } from "./connection.js";
import type { DispatchContext } from "./dispatch-context.js";
import type { AskOptions, InputRound } from "./input-required.js";

/** Which channel a server-to-client message travels on: the request it belongs to, or (absent) the standalone one. */
export interface ChannelOptions {
  /** Send on this inbound request's channel; leave out for the standalone channel (or the session's default). */
  relatedRequestId?: RequestId;
  /** Send on the standalone channel even from a session that is request-scoped by default. */
  standalone?: boolean;
}

/** `key` names the ask in a stateless-lifecycle InputRequiredResult (see InputRound); the stateful lifecycle ignores it. */
export type SessionCallOptions = Omit<CallOptions, "relatedRequestId"> & ChannelOptions & AskOptions;
/**
 * Options of a notification a ServerSession sends: the channel (`{ standalone: true }` to send outside the
 * request) and headers.
 */
export type SessionNotifyOptions = Omit<NotifyOptions, "relatedRequestId"> & ChannelOptions;

/** A capability path such as "sampling", "sampling.tools" or "elicitation.url". */
export type ClientCapabilityPath = string;

/** Typed server-to-client requests and notifications for one inbound request, checked against the negotiated version and the client's capabilities. */
export class ServerSession {
  /**
   * Creates a session on a connection, for one inbound request or standalone; the kernel makes these
   * (handlers get theirs in their context).
   */
  constructor(
    /** The connection the session speaks on. */
    readonly connection: Connection,
    /** The request this session was built for, if any. */
    readonly dispatch?: DispatchContext,
    /**
     * When true, messages without a `relatedRequestId` travel with `dispatch`'s request (the
     * high-level handler context works this way); `{ standalone: true }` still sends standalone.
     */
    readonly scopedByDefault = false,
    /**
     * Stateless-lifecycle requests that may answer with InputRequiredResult (tools/call, prompts/get,
     * resources/read): sampling, elicitation and roots go to the client through this round.
     */
    readonly round?: InputRound,
  ) {}

  private related(options: ChannelOptions): RequestId | undefined {
    if (options.relatedRequestId !== undefined || options.standalone) return options.relatedRequestId;
    return this.scopedByDefault ? this.dispatch?.requestId : undefined;
  }

  /** The negotiated protocol version; throws before the handshake. */
  get protocolVersion(): ProtocolVersion {
    const version = this.connection.protocolVersion;
    if (!version) throw new Error("the connection has not completed its handshake");
    return version;
  }

  /** The capabilities the client declared. */
  get clientCapabilities(): ClientCapabilities {
    return this.connection.clientCapabilities;
  }

  /** The client's name and version, once known. */
  get clientInfo(): Model.Implementation | undefined {
    return this.connection.clientInfo;
  }

  /** Whether the client declared a capability; a path looks into nested objects ("sampling.tools"). */
  checkClientCapability(path: ClientCapabilityPath): boolean {
    let node: unknown = this.clientCapabilities;
    for (const key of path.split(".")) {
      if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return node !== undefined && node !== null;
  }

  private channel(method: string, relatedRequestId: RequestId | undefined, isRequest: boolean): Outbound {
    if (relatedRequestId !== undefined && this.dispatch && relatedRequestId === this.dispatch.requestId) {
      if (isRequest && !this.dispatch.hasBackChannel) throw new NoBackChannelError(method);
      return this.dispatch;
    }
    if (!this.connection.hasBackChannel && (isRequest || relatedRequestId === undefined)) {
      throw new NoBackChannelError(method);
    }
    if (relatedRequestId === undefined) return this.connection.outbound;
    const outbound = this.connection.outbound;
    return {
      sendRawRequest: (m, p, o) => outbound.sendRawRequest(m, p, { ...o, relatedRequestId }),
      notify: (m, p, o) => outbound.notify(m, p, { ...o, relatedRequestId }),
    };
  }

  /**
   * Before a server-to-client request: is there a channel at all (NoBackChannelError, the more
   * basic reason), and did the client declare the capability (CapabilityNotSupportedError)?
   */
  private requireCapability(method: string, path: ClientCapabilityPath, options: ChannelOptions = {}): void {
    if (!this.round || options.standalone) this.channel(method, this.related(options), true);
    if (!this.checkClientCapability(path)) throw new CapabilityNotSupportedError(method, path);
  }

  /** Sends any server request the negotiated version defines; the client's answer is validated. */
  async sendRequest<R = Params>(
    method: string,
    params: Params | undefined,
    options: SessionCallOptions = {},
  ): Promise<R> {
    if (this.round && !options.standalone) return await this.round.ask<R>(method, params, options);
    const version = this.protocolVersion;
    if (!definesMethod(version, "serverRequests", method))
      throw new MethodNotInVersionError(method, version, "serverRequests");
    validateServerRequest(method, version, params);
    const { relatedRequestId: _related, standalone: _standalone, key: _key, task: _task, ...callOptions } = options;
    const outbound = this.channel(method, this.related(options), true);
    const telemetry = this.connection.telemetry;
    const result = telemetry
      ? await telemetry.traceOutbound(
          { method, protocolVersion: version, sessionId: this.connection.sessionId, params },
          (traced) => outbound.sendRawRequest(method, traced, callOptions),
        )
      : await outbound.sendRawRequest(method, params, callOptions);
    return validateClientResult(method, version, result) as R;
  }

  /** Sends any server notification the negotiated version defines. */
  async sendNotification(method: string, params?: Params, options: SessionNotifyOptions = {}): Promise<void> {
    const version = this.protocolVersion;
    if (!definesMethod(version, "serverNotifications", method))
      throw new MethodNotInVersionError(method, version, "serverNotifications");
    validateServerNotification(method, version, params);
    const { relatedRequestId: _related, standalone: _standalone, ...notifyOptions } = options;
    await this.channel(method, this.related(options), false).notify(method, params, notifyOptions);
  }

  /**
   * Sends an extension's server request (see `ServerRunner.registerExtension`): refused with
   * CapabilityNotSupportedError when the client did not declare the extension; the params and the
   * client's answer are checked against the extension's schemas.
   */
  async sendExtensionRequest<R = Params>(
    entry: ExtensionMethodEntry,
    params: Params | undefined,
    options: SessionCallOptions = {},
  ): Promise<R> {
    const version = this.protocolVersion;
    if (!this.checkExtension(entry.extension.id)) {
      throw new CapabilityNotSupportedError(entry.method, `extensions.${entry.extension.id}`);
    }
    entry.checkParams(params, version);
    if (this.round && !options.standalone) return await this.round.ask<R>(entry.method, params, options);
    const { relatedRequestId: _related, standalone: _standalone, key: _key, task: _task, ...callOptions } = options;
    const result = await this.channel(entry.method, this.related(options), true).sendRawRequest(
      entry.method,
      params,
      callOptions,
    );
    entry.checkResult(result, version);
    return result as R;
  }

  /** Sends an extension's server notification, to a client that declared the extension only. */
  async sendExtensionNotification(
    entry: ExtensionMethodEntry,
    params?: Params,
    options: SessionNotifyOptions = {},
  ): Promise<void> {
    if (!this.checkExtension(entry.extension.id)) {
      throw new CapabilityNotSupportedError(entry.method, `extensions.${entry.extension.id}`);
    }
    entry.checkParams(params, this.protocolVersion);
    const { relatedRequestId: _related, standalone: _standalone, ...notifyOptions } = options;
    await this.channel(entry.method, this.related(options), false).notify(entry.method, params, notifyOptions);
  }

  /** Whether the client declared extension `id` (at initialize, or in this request's envelope). */
  checkExtension(id: string): boolean {
    return declaresExtension(this.clientCapabilities, id) || (this.dispatch?.declaresExtension(id) ?? false);
  }

  /** Sampling: asks the client's LLM for a message. Uses tools only where the client declared sampling.tools. */
  async createMessage(
    params: Model.CreateMessageRequestParams,
    options?: SessionCallOptions,
  ): Promise<Model.CreateMessageResult> {
    this.requireCapability("sampling/createMessage", "sampling", options);
    if (params.tools !== undefined || params.toolChoice !== undefined) {
      this.requireCapability("sampling/createMessage", "sampling.tools", options);
    }
    const task = this.clientTask("sampling/createMessage", options);
    if (task) {
      return await this.sendAsTask<Model.CreateMessageResult>(
        "sampling/createMessage",
        params as never,
        task,
        options ?? {},
      );
    }
    return await this.sendRequest<Model.CreateMessageResult>(
      "sampling/createMessage",
      params as unknown as Params,
      options,
    );
  }

  /**
   * The `task` to add to a sampling or elicitation request, when the caller asked for one and the
   * client can take it: a version with the core tasks, a real request (not a multi round-trip
   * ask), and `capabilities.tasks.requests` naming the method. Undefined otherwise: sent plain.
   */
  private clientTask(method: string, options: SessionCallOptions = {}): Params | undefined {
    const asked = options.task;
    if (!asked || (this.round && !options.standalone)) return undefined;
    if (!definesMethod(this.protocolVersion, "serverRequests", "tasks/get")) return undefined;
    const path =
      method === "sampling/createMessage"
        ? "tasks.requests.sampling.createMessage"
        : "tasks.requests.elicitation.create";
    if (!this.checkClientCapability(path)) return undefined;
    return typeof asked === "object" && asked.ttlMs !== undefined ? { ttl: asked.ttlMs } : {};
  }

  /**
   * A task-augmented request to the client (core tasks, the client the receiver): sends it with
   * `task`, polls `tasks/get` at the task's `pollInterval` until it ends, then answers with
   * `tasks/result` (the request's own result, or its error). Aborting cancels the task.
   */
  private async sendAsTask<R>(method: string, params: Params, task: Params, options: SessionCallOptions): Promise<R> {
    const version = this.protocolVersion;
    const wire: Params = { ...params, task };
    validateServerRequest(method, version, wire);
    const { relatedRequestId: _related, standalone: _standalone, key: _key, task: _task, ...callOptions } = options;
    const outbound = this.channel(method, this.related(options), true);
    const created = validateDefinition(
      "CreateTaskResult",
      version,
      await outbound.sendRawRequest(method, wire, callOptions),
    ) as {
      task: { taskId: string; status: string; pollInterval?: number };
    };
    const taskId = created.task.taskId;
    let view = created.task;
    // The request this ask serves ending (cancelled, timed out) ends the wait, and cancels the task.
    const signal = options.signal ?? (options.standalone ? undefined : this.dispatch?.signal);
    const pollOptions = signal ? { signal } : {};
    try {
      while (!["completed", "failed", "cancelled"].includes(view.status)) {
        await pause(view.pollInterval ?? 500, signal);
        view = validateClientResult(
          "tasks/get",
          version,
          await outbound.sendRawRequest("tasks/get", { taskId }, pollOptions),
        ) as typeof view;
      }
      const payload = await outbound.sendRawRequest("tasks/result", { taskId }, pollOptions);
      return validateClientResult(method, version, payload) as R;
    } catch (error) {
      if (signal?.aborted && this.checkClientCapability("tasks.cancel")) {
        await outbound.sendRawRequest("tasks/cancel", { taskId }).catch(() => {});
      }
      throw error;
    }
  }

  /** Form-mode elicitation: asks the user to fill a flat form. */
  async elicitForm(
    params: Omit<Model.ElicitRequestFormParams, "mode"> & { mode?: "form" },
    options?: SessionCallOptions,
  ): Promise<Model.ElicitResult> {
    this.requireCapability("elicitation/create", "elicitation", options);
    const caps = this.clientCapabilities.elicitation ?? {};
    // A client that declares only url mode has opted out of forms; `elicitation: {}` means forms (the older form).
    if (caps.url !== undefined && caps.form === undefined) {
      throw new CapabilityNotSupportedError("elicitation/create", "elicitation.form");
    }
    const wire: Params = { ...params, mode: "form" as const };
    if (!hasFeature(this.protocolVersion, "elicitationModeField")) delete wire.mode;
    const task = this.clientTask("elicitation/create", options);
    if (task) return await this.sendAsTask<Model.ElicitResult>("elicitation/create", wire, task, options ?? {});
    return await this.sendRequest<Model.ElicitResult>("elicitation/create", wire, options);
  }

  /** URL-mode elicitation (versions with the elicitation mode field): sends the user to a URL out of band. */
  async elicitUrl(
    params: Omit<Model.ElicitRequestURLParams, "mode">,
    options?: SessionCallOptions,
  ): Promise<Model.ElicitResult> {
    this.requireCapability("elicitation/create", "elicitation.url", options);
    return await this.sendRequest<Model.ElicitResult>("elicitation/create", { ...params, mode: "url" }, options);
  }

  /**
   * `roots/list`: the client's roots. Throws CapabilityNotSupportedError when the client did not declare
   * `roots`.
   */
  async listRoots(options?: SessionCallOptions): Promise<Model.ListRootsResult> {
    this.requireCapability("roots/list", "roots", options);
    return await this.sendRequest<Model.ListRootsResult>("roots/list", undefined, options);
  }

  /** `ping`: resolves when the client answers. */
  async ping(options?: SessionCallOptions): Promise<void> {
    await this.sendRequest("ping", undefined, options);
  }

  /** Progress for the request this session serves, against the caller's token (a no-op without one). */
  async reportProgress(progress: number, total?: number, message?: string): Promise<void> {
    if (!this.dispatch) throw new Error("reportProgress needs a request: this session is standalone");
    if (this.dispatch.progressToken === undefined) return;
    const params: Params = { progressToken: this.dispatch.progressToken, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined && hasFeature(this.protocolVersion, "progressMessage")) params.message = message;
    await this.sendNotification("notifications/progress", params, { relatedRequestId: this.dispatch.requestId });
  }

  /**
   * Sends `notifications/progress` with the given params (prefer `reportProgress` inside a request, which
   * uses the caller's token).
   */
  async sendProgressNotification(params: Model.ProgressNotificationParams, options?: SessionNotifyOptions) {
    await this.sendNotification("notifications/progress", params as unknown as Params, options);
  }

  /** A log message, dropped when below the level the client set with logging/setLevel. */
  async sendLogMessage(params: Model.LoggingMessageNotificationParams, options?: SessionNotifyOptions): Promise<void> {
    if (!this.connection.wantsLog(params.level as LoggingLevel)) return;
    await this.sendNotification("notifications/message", params as unknown as Params, options);
  }

  /** Sends `notifications/resources/updated` for a resource the client subscribed to. */
  async sendResourceUpdated(params: Model.ResourceUpdatedNotificationParams, options?: SessionNotifyOptions) {
    await this.sendNotification("notifications/resources/updated", params as unknown as Params, options);
  }

  /** Sends `notifications/resources/list_changed`. */
  async sendResourceListChanged(options?: SessionNotifyOptions): Promise<void> {
    await this.sendNotification("notifications/resources/list_changed", undefined, options);
  }

  /** Sends `notifications/tools/list_changed`. */
  async sendToolListChanged(options?: SessionNotifyOptions): Promise<void> {
    await this.sendNotification("notifications/tools/list_changed", undefined, options);
  }

  /** Sends `notifications/prompts/list_changed`. */
  async sendPromptListChanged(options?: SessionNotifyOptions): Promise<void> {
    await this.sendNotification("notifications/prompts/list_changed", undefined, options);
  }

  /**
   * Sends `notifications/elicitation/complete`: the URL-mode elicitation `elicitationId` has been completed
   * out of band.
   */
  async sendElicitationComplete(params: { elicitationId: string }, options?: SessionNotifyOptions): Promise<void> {
    await this.sendNotification("notifications/elicitation/complete", params, options);
  }
}

/** Waits `ms`, or rejects when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
