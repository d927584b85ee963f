/**
 * Stage 3, analyse: derive each version's method tables from the message unions
 * (ClientRequest, ServerRequest, ClientNotification, ServerNotification) and pair every
 * request with its result definition.
 */
import { escapePointerToken, isObject, type JsonSchema } from "./json-schema.js";
import { definitionsOf } from "./load.js";
import type { PatchedSchema } from "./patch.js";

export type Direction = "clientRequests" | "serverRequests" | "clientNotifications" | "serverNotifications";
export const DIRECTIONS: readonly Direction[] = [
  "clientRequests",
  "serverRequests",
  "clientNotifications",
  "serverNotifications",
];

export interface MethodEntry {
  method: string;
  /** The request or notification definition, e.g. "CallToolRequest". */
  definition: string;
  /** JSON pointer (within the document) to the params schema; null when the message has no params property. */
  paramsPointer: string | null;
  paramsRequired: boolean;
  /** Requests only: the result definition, e.g. "CallToolResult". */
  result?: string;
  /**
   * Requests only: JSON pointer to the schema a result must match. It is the result definition, or
   * where the version spells out a *ResultResponse, that response's `result` (which may also allow
   * InputRequiredResult in 2026-07-28).
   */
  resultPointer?: string;
}

export interface MethodTables {
  clientRequests: Record<string, MethodEntry>;
  serverRequests: Record<string, MethodEntry>;
  clientNotifications: Record<string, MethodEntry>;
  serverNotifications: Record<string, MethodEntry>;
}

export interface AnalysedSchema extends PatchedSchema {
  methods: MethodTables;
  /** Every definition name, sorted. */
  definitionNames: string[];
}

export class AnalysisError extends Error {
  override name = "AnalysisError";
}

/** Requests whose result has no definition of its own: they are answered with EmptyResult. */
export const EMPTY_RESULT_METHODS: readonly string[] = [
  "ping",
  "resources/subscribe",
  "resources/unsubscribe",
  "logging/setLevel",
];

const UNIONS: Record<Direction, string> = {
  clientRequests: "ClientRequest",
  serverRequests: "ServerRequest",
  clientNotifications: "ClientNotification",
  serverNotifications: "ServerNotification",
};

const RESULT_UNION: Record<"clientRequests" | "serverRequests", string> = {
  clientRequests: "ServerResult",
  serverRequests: "ClientResult",
};

export function analyseSchema(schema: PatchedSchema): AnalysedSchema {
  const defs = definitionsOf(schema);
  const refPrefix = `#/${schema.defsKey}/`;
  const methods = {} as MethodTables;
  for (const direction of DIRECTIONS) {
    methods[direction] = {};
    for (const definition of unionMembers(defs, UNIONS[direction], refPrefix)) {
      const entry = describeMessage(schema, defs, definition);
      if (methods[direction][entry.method]) {
        throw new AnalysisError(`${schema.version}: ${UNIONS[direction]} lists ${entry.method} twice`);
      }
      if (direction === "clientRequests" || direction === "serverRequests") {
        entry.result = pairResult(schema, defs, direction, entry, refPrefix);
        entry.resultPointer = defs[`${entry.result}Response`]
          ? `/${schema.defsKey}/${entry.result}Response/properties/result`
          : `/${schema.defsKey}/${entry.result}`;
      }
      methods[direction][entry.method] = entry;
    }
    methods[direction] = sortByKey(methods[direction]);
  }
  return { ...schema, methods, definitionNames: Object.keys(defs).sort() };
}

/**
 * The definitions a union names. A missing union is an empty direction (2026-07-28 has no
 * ServerRequest); a union of one member is inlined upstream, so it is matched back to the
 * named definition with the same method.
 */
function unionMembers(defs: Record<string, JsonSchema>, union: string, refPrefix: string): string[] {
  const schema = defs[union];
  if (!schema) return [];
  if (Array.isArray(schema.anyOf)) {
    return schema.anyOf.map((member) => {
      const ref = isObject(member) ? member.$ref : undefined;
      if (typeof ref !== "string" || !ref.startsWith(refPrefix)) {
        throw new AnalysisError(`${union} has a member that is not a reference: ${JSON.stringify(member)}`);
      }
      return ref.slice(refPrefix.length);
    });
  }
  if (typeof schema.$ref === "string" && schema.$ref.startsWith(refPrefix))
    return [schema.$ref.slice(refPrefix.length)];
  const method = methodOf(schema);
  if (method === undefined) throw new AnalysisError(`${union} is neither a union nor a single message`);
  const named = Object.keys(defs).filter((name) => !(name in UNION_NAMES) && methodOf(defs[name]) === method);
  if (named.length !== 1) {
    throw new AnalysisError(`${union} inlines ${method}, matched by ${named.length} named definitions instead of one`);
  }
  return named as [string];
}

const UNION_NAMES = Object.fromEntries(Object.values(UNIONS).map((name) => [name, true]));

function methodOf(schema: JsonSchema | undefined): string | undefined {
  const properties = schema?.properties;
  if (!isObject(properties) || !isObject(properties.method)) return undefined;
  const value = properties.method.const;
  return typeof value === "string" ? value : undefined;
}

function describeMessage(schema: PatchedSchema, defs: Record<string, JsonSchema>, definition: string): MethodEntry {
  const message = defs[definition];
  const method = methodOf(message);
  if (!message || method === undefined) {
    throw new AnalysisError(`${schema.version}: ${definition} has no method constant`);
  }
  const properties = message.properties as Record<string, unknown>;
  const required = Array.isArray(message.required) ? message.required : [];
  return {
    method,
    definition,
    paramsPointer:
      "params" in properties ? `/${schema.defsKey}/${escapePointerToken(definition)}/properties/params` : null,
    paramsRequired: required.includes("params"),
  };
}

function pairResult(
  schema: PatchedSchema,
  defs: Record<string, JsonSchema>,
  direction: "clientRequests" | "serverRequests",
  entry: MethodEntry,
  refPrefix: string,
): string {
  const conventional = entry.definition.replace(/Request$/, "Result");
  let result: string;
  if (EMPTY_RESULT_METHODS.includes(entry.method)) {
    if (defs[conventional]) {
      throw new AnalysisError(
        `${schema.version}: ${entry.method} is listed as answered by EmptyResult but ${conventional} exists; update EMPTY_RESULT_METHODS`,
      );
    }
    result = "EmptyResult";
  } else {
    result = conventional;
  }
  if (!defs[result]) {
    throw new AnalysisError(
      `${schema.version}: no result definition for ${entry.method} (looked for ${result}); add it to EMPTY_RESULT_METHODS or pair it explicitly`,
    );
  }
  // Cross-check against the result union of the answering side (EmptyResult stands for Result there).
  const members = unionMembers(defs, RESULT_UNION[direction], refPrefix);
  const asMember = result === "EmptyResult" ? "Result" : result;
  if (!members.includes(asMember)) {
    throw new AnalysisError(
      `${schema.version}: ${result} (for ${entry.method}) is not a member of ${RESULT_UNION[direction]}`,
    );
  }
  // 2026-07-28 spells the pairing out in *ResultResponse definitions: they must agree.
  const response = defs[`${result}Response`];
  if (response) {
    const refs = JSON.stringify(getResultRefs(response));
    if (!refs.includes(`"${refPrefix}${result}"`)) {
      throw new AnalysisError(`${schema.version}: ${result}Response does not carry ${result} (${refs})`);
    }
  }
  return result;
}

function getResultRefs(response: JsonSchema): unknown {
  const properties = response.properties;
  return isObject(properties) ? properties.result : undefined;
}

function sortByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key] as T]),
  );
}
