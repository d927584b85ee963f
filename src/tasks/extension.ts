/**
 * The tasks extension (`io.modelcontextprotocol/tasks`, SEP-2663) as an extension definition: its
 * three methods, the `"task"` resultType it adds to tools/call, `notifications/tasks`, the
 * `taskIds` listen filter, and the methods it removes. It applies to the stateless-lifecycle
 * versions; the earlier experimental tasks are core methods of that version instead.
 */
import { defineExtension } from "../extensions/extension.js";
import { precompiledFrom, shippedValidators } from "../extensions/precompiled.js";
import { STATELESS_PROTOCOL_VERSIONS } from "../protocol/versions.js";

/** The extension's identifier. */
export const TASKS_EXTENSION_ID = "io.modelcontextprotocol/tasks";

const STATUS = { enum: ["working", "input_required", "completed", "failed", "cancelled"] } as const;

const TASK_PROPERTIES = {
  taskId: { type: "string" },
  status: STATUS,
  statusMessage: { type: "string" },
  createdAt: { type: "string" },
  lastUpdatedAt: { type: "string" },
  ttlMs: { anyOf: [{ type: "integer", minimum: 0 }, { type: "null" }] },
  pollIntervalMs: { type: "integer", minimum: 1 },
  _meta: { type: "object" },
} as const;

const TASK_REQUIRED = ["taskId", "status", "createdAt", "lastUpdatedAt", "ttlMs"] as const;

const INPUT_REQUESTS = {
  type: "object",
  additionalProperties: {
    type: "object",
    properties: { method: { type: "string" }, params: { type: "object" } },
    required: ["method"],
  },
} as const;

const ERROR = {
  type: "object",
  properties: { code: { type: "integer" }, message: { type: "string" } },
  required: ["code", "message"],
} as const;

/** `if` the status is `status`, `then` the schema (a JSON Schema `if`/`then`). */
function whenStatus(status: string, schema: Record<string, unknown>): Record<string, unknown> {
  const schemaWhen: Record<string, unknown> = { if: { properties: { status: { const: status } } } };
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable
  schemaWhen.then = schema;
  return schemaWhen;
}

/** A task as `tasks/get` and `notifications/tasks` carry it (DetailedTask): the status says which payload it has. */
const DETAILED_TASK = {
  type: "object",
  properties: {
    ...TASK_PROPERTIES,
    resultType: { const: "complete" },
    result: { type: "object" },
    error: ERROR,
    inputRequests: INPUT_REQUESTS,
  },
  required: TASK_REQUIRED,
  not: { required: ["requestState"] },
  allOf: [
    whenStatus("completed", { required: ["result"] }),
    whenStatus("failed", { required: ["error"], not: { required: ["result"] } }),
    whenStatus("input_required", { required: ["inputRequests"] }),
  ],
} as const;

const TASK_ID_PARAMS = {
  type: "object",
  properties: { taskId: { type: "string" }, _meta: { type: "object" } },
  required: ["taskId"],
} as const;

const ACK = {
  type: "object",
  properties: { resultType: { const: "complete" }, _meta: { type: "object" } },
  additionalProperties: false,
} as const;

/** The tasks extension (SEP-2663). */
export const tasksExtension = defineExtension({
  id: TASKS_EXTENSION_ID,
  protocolVersions: STATELESS_PROTOCOL_VERSIONS,
  clientRequests: {
    "tasks/get": { params: TASK_ID_PARAMS, result: DETAILED_TASK, nameParam: "taskId" },
    "tasks/update": {
      params: {
        type: "object",
        properties: {
          taskId: { type: "string" },
          inputResponses: { type: "object", additionalProperties: { type: "object" } },
          _meta: { type: "object" },
        },
        required: ["taskId", "inputResponses"],
      },
      result: ACK,
      nameParam: "taskId",
    },
    "tasks/cancel": { params: TASK_ID_PARAMS, result: ACK, nameParam: "taskId" },
  },
  serverNotifications: {
    "notifications/tasks": { params: DETAILED_TASK },
  },
  resultTypes: {
    task: {
      methods: ["tools/call"],
      schema: {
        type: "object",
        properties: { ...TASK_PROPERTIES, resultType: { const: "task" } },
        required: ["resultType", ...TASK_REQUIRED],
        not: {
          anyOf: [
            { required: ["result"] },
            { required: ["error"] },
            { required: ["inputRequests"] },
            { required: ["requestState"] },
            { required: ["task"] },
          ],
        },
      },
    },
  },
  listenFilters: {
    taskIds: { type: "array", items: { type: "string" } },
  },
  removedMethods: ["tasks/result", "tasks/list"],
} as const);

// Its schemas were compiled at build time (npm run generate): registering it compiles nothing.
precompiledFrom(tasksExtension.definition, () => shippedValidators("tasks"));
