/**
 * Brings a value written against the newest model down to a protocol version: fields the version's
 * definition does not have are dropped, recursively through fields that hold definitions and
 * through unions told apart by `type`. Inline objects (inputSchema, _meta, structuredContent, ...)
 * are kept whole. The input is not modified: a value with nothing to drop is returned itself, else a copy.
 */
import type { ProtocolVersion } from "../../generated/registry.js";
import { type FieldTarget, type Shape, type ShapeModule, shapeModule } from "./validator-modules.js";

function project(value: unknown, target: FieldTarget, shapes: ShapeModule): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const shape: Shape | undefined = typeof target === "string" ? shapes[target] : target;
  if (!shape) return value;
  const record = value as Record<string, unknown>;
  if ("union" in shape) {
    const tag = record.type;
    const member = typeof tag === "string" && Object.hasOwn(shape.union, tag) ? shape.union[tag] : undefined;
    return member ? project(value, member, shapes) : value;
  }
  // Most values have only what the version defines: those come back as they are, not copied. A copy
  // (its keys in the definition's order) is made from the first field that changes, or when the
  // value has fields the definition does not.
  const keys = shape.keys;
  let out: Record<string, unknown> | undefined;
  let kept = 0;
  for (let at = 0; at < keys.length; at++) {
    const key = keys[at] as string;
    const field = record[key];
    if (field === undefined) continue;
    kept++;
    const ref = shape.refs[key];
    const projected =
      ref === undefined
        ? field
        : !Array.isArray(ref)
          ? project(field, ref, shapes)
          : Array.isArray(field)
            ? projectArray(field, ref[0], shapes)
            : field;
    if (out === undefined && projected !== field) out = copyBefore(record, keys, at);
    if (out !== undefined) out[key] = projected;
  }
  if (out !== undefined) return out;
  if (definedFields(record) === kept) return value;
  return copyBefore(record, keys, keys.length);
}

/** The fields of `record` that `keys` name before `end` (each kept as is), in that order. */
function copyBefore(record: Record<string, unknown>, keys: readonly string[], end: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let at = 0; at < end; at++) {
    const key = keys[at] as string;
    const field = record[key];
    if (field !== undefined) out[key] = field;
  }
  return out;
}

/** How many fields of `record` hold a value (undefined ones are not sent). */
function definedFields(record: Record<string, unknown>): number {
  let count = 0;
  for (const key in record) {
    if (Object.hasOwn(record, key) && record[key] !== undefined) count++;
  }
  return count;
}

/**
 * Items of a union the version does not have (an audio block for the oldest version, a
 * resource_link for versions without it) are left out: the version cannot express them, and sending them would be
 * invalid data.
 */
function projectArray(items: unknown[], target: FieldTarget, shapes: ShapeModule): unknown[] {
  const shape = typeof target === "string" ? shapes[target] : target;
  const union = shape && "union" in shape ? shape.union : undefined;
  // The same array when nothing in it changes.
  let out: unknown[] | undefined;
  for (let at = 0; at < items.length; at++) {
    const item = items[at];
    const tag = union ? (item as { type?: unknown } | null)?.type : undefined;
    if (typeof tag === "string" && !Object.hasOwn(union as object, tag)) {
      out ??= items.slice(0, at);
      continue;
    }
    const projected = project(item, target, shapes);
    if (out === undefined && projected !== item) out = items.slice(0, at);
    if (out !== undefined) out.push(projected);
  }
  return out ?? items;
}

/** The value as definition `definition` of `version` has it. */
export function serializeForVersion(definition: string, version: ProtocolVersion, value: unknown): unknown {
  return project(value, definition, shapeModule(version));
}
