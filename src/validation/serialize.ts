/**
 * Brings a value written against the newest model down to a protocol version: fields the version's
 * definition does not have are dropped, recursively through fields that hold definitions and
 * through unions told apart by `type`. Inline objects (inputSchema, _meta, structuredContent, ...)
 * are kept whole. The input is not modified.
 */
import type { ProtocolVersion } from "../../generated/registry.js";
import { type FieldTarget, type Shape, type ShapeModule, shapeModule } from "./validator-modules.js";

function project(
  value: unknown,
  target: FieldTarget,
  shapes: ShapeModule,
  defaults?: Readonly<Record<string, unknown>>,
): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const shape: Shape | undefined = typeof target === "string" ? shapes[target] : target;
  if (!shape) return value;
  const record = value as Record<string, unknown>;
  if ("union" in shape) {
    const tag = record.type;
    const member = typeof tag === "string" && Object.hasOwn(shape.union, tag) ? shape.union[tag] : undefined;
    return member ? project(value, member, shapes, defaults) : value;
  }
  const out: Record<string, unknown> = {};
  for (const key of shape.keys) {
    let field = record[key];
    if (field === undefined && defaults !== undefined) field = defaults[key];
    if (field === undefined) continue;
    const ref = shape.refs[key];
    if (ref === undefined) out[key] = field;
    else if (!Array.isArray(ref)) out[key] = project(field, ref, shapes);
    else out[key] = Array.isArray(field) ? projectArray(field, ref[0], shapes) : field;
  }
  return out;
}

/**
 * Items of a union the version does not have (an audio block for the oldest version, a
 * resource_link for versions without it) are left out: the version cannot express them, and sending them would be
 * invalid data.
 */
function projectArray(items: unknown[], target: FieldTarget, shapes: ShapeModule): unknown[] {
  const shape = typeof target === "string" ? shapes[target] : target;
  const union = shape && "union" in shape ? shape.union : undefined;
  const out: unknown[] = [];
  for (const item of items) {
    const tag = union ? (item as { type?: unknown } | null)?.type : undefined;
    if (typeof tag !== "string" || Object.hasOwn(union as object, tag)) out.push(project(item, target, shapes));
  }
  return out;
}

/**
 * The value as definition `definition` of `version` has it; `defaults` fills its own fields that the
 * value leaves undefined (as if the value had them, in the definition's order).
 */
export function serializeForVersion(
  definition: string,
  version: ProtocolVersion,
  value: unknown,
  defaults?: Readonly<Record<string, unknown>>,
): unknown {
  return project(value, definition, shapeModule(version), defaults);
}
