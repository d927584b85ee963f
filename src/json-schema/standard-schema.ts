/**
 * Schemas users write in a validation library (zod 4, valibot, arktype, ...) through the Standard
 * Schema interface, with the Standard JSON Schema converter for the form the wire carries; the
 * v1-style "raw shape" (an object of such schemas, one per property); and plain JSON Schema. Each
 * becomes a `UserSchema`: the JSON Schema to list, and a check that returns the value to hand on
 * (the library's output, e.g. with its defaults and transforms) or every issue.
 *
 * The interface is restated here (structurally the same as `@standard-schema/spec`), so the package
 * keeps no runtime or type dependency on it.
 */
import type { SchemaIssue } from "../protocol/errors.js";
import { type CompileOptions, compileJsonSchema, type JsonSchemaObject, SchemaCompileError } from "./compile.js";
import type { InferSchema } from "./infer.js";

/** A Standard Schema (v1): what zod 4, valibot and arktype schemas implement. */
export interface StandardSchema<Input = unknown, Output = Input> {
  /** The Standard Schema properties, under the key the specification reserves. */
  readonly "~standard": {
    /** The Standard Schema version the schema implements: 1. */
    readonly version: 1;
    /** The library that made the schema (`"zod"`, `"valibot"`, `"arktype"`, ...). */
    readonly vendor: string;
    /**
     * Validates `value`: its output (with the library's defaults and transforms) or its issues, at once or as
     * a promise.
     */
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    /** The schema's input and output types, for inference only (no value is present at run time). */
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    /** The Standard JSON Schema converter (zod 4 and arktype have it; valibot through `toStandardJsonSchema`). */
    readonly jsonSchema?: {
      /**
       * The JSON Schema of the values the schema accepts, for the given target dialect (`"draft-2020-12"`,
       * `"draft-07"`).
       */
      readonly input: (options: { readonly target: string }) => Record<string, unknown>;
      /** The JSON Schema of the values the schema produces, for the given target dialect. */
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
  };
}

type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** The v1-style shape: one schema per property (`{ city: z.string() }`). */
export type RawShape = { readonly [property: string]: StandardSchema };

/** The value a Standard Schema produces. */
export type StandardOutput<S> = S extends StandardSchema<unknown, infer Output> ? Output : never;

type OptionalKeys<S extends RawShape> = {
  [K in keyof S]: undefined extends StandardOutput<S[K]> ? K : never;
}[keyof S];

/** The object a raw shape produces: a property whose schema accepts `undefined` is optional. */
export type RawShapeOutput<S extends RawShape> = {
  -readonly [K in Exclude<keyof S, OptionalKeys<S>>]: StandardOutput<S[K]>;
} & { -readonly [K in OptionalKeys<S>]?: StandardOutput<S[K]> } extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

/** Whatever describes a value: plain JSON Schema, a Standard Schema, or a raw shape of them. */
export type SchemaInput = JsonSchemaObject | StandardSchema | RawShape;

/** The type of the values a schema of any of the three kinds accepts (after the library's parsing). */
export type SchemaOutput<S> = S extends StandardSchema
  ? StandardOutput<S>
  : S extends RawShape
    ? RawShapeOutput<S>
    : S extends JsonSchemaObject
      ? // A schema whose literal types were widened (held in a variable without `as const`) still types an object.
        unknown extends InferSchema<S>
        ? Record<string, unknown>
        : InferSchema<S>
      : Record<string, unknown>;

export type SchemaCheck = { value: unknown; issues?: undefined } | { issues: SchemaIssue[] };

/** A schema ready for use: the JSON Schema the wire carries and the check values go through. */
export interface UserSchema {
  readonly jsonSchema: JsonSchemaObject;
  /** Synchronous for JSON Schema; a library's validation may be asynchronous. */
  check(value: unknown): SchemaCheck | Promise<SchemaCheck>;
}

export function isStandardSchema(value: unknown): value is StandardSchema {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const standard = (value as { "~standard"?: { version?: unknown; validate?: unknown } })["~standard"];
  return typeof standard === "object" && standard !== null && typeof standard.validate === "function";
}

export function isRawShape(value: unknown): value is RawShape {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 && entries.every(isStandardSchema);
}

/** Why a schema cannot be used, for the caller to prefix with what it belongs to. */
export class UnusableSchemaError extends SchemaCompileError {}

/**
 * Turns `given` into a UserSchema. `side` picks the library's input or output form of the JSON
 * Schema (arguments are parsed from the input form; results are checked against the output form).
 */
export function userSchema(given: unknown, side: "input" | "output", options: CompileOptions = {}): UserSchema {
  if (isStandardSchema(given)) return standardUserSchema(given, side);
  if (isRawShape(given)) return rawShapeUserSchema(given, side);
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new UnusableSchemaError("is neither a JSON Schema object nor a Standard Schema (zod, valibot, arktype)");
  }
  const values = Object.values(given);
  if (values.length > 0 && values.some(isStandardSchema)) {
    throw new UnusableSchemaError("mixes Standard Schemas with other values: a raw shape needs a schema per property");
  }
  const compiled = compileJsonSchema(given as JsonSchemaObject, options);
  return {
    jsonSchema: given as JsonSchemaObject,
    check(value) {
      const issues = compiled.issues(value);
      return issues.length ? { issues } : { value };
    },
  };
}

function jsonSchemaOf(schema: StandardSchema, side: "input" | "output"): JsonSchemaObject {
  const converter = schema["~standard"].jsonSchema;
  if (!converter) {
    const vendor = schema["~standard"].vendor;
    const hint = vendor === "valibot" ? " (wrap it with toStandardJsonSchema from @valibot/to-json-schema)" : "";
    throw new UnusableSchemaError(`is a ${vendor} schema without a JSON Schema form${hint}`);
  }
  try {
    return converter[side]({ target: "draft-2020-12" }) as JsonSchemaObject;
  } catch (error) {
    throw new UnusableSchemaError(`cannot be written as JSON Schema: ${(error as Error).message}`);
  }
}

function pointer(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined, prefix = ""): string {
  let at = prefix;
  for (const segment of path ?? []) {
    const key = typeof segment === "object" ? segment.key : segment;
    at += `/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
  }
  return at;
}

function finish(result: StandardResult<unknown>, prefix = ""): SchemaCheck {
  if (!result.issues) return { value: result.value };
  return {
    issues: result.issues.map((issue) => ({
      path: pointer(issue.path, prefix),
      message: issue.message,
      keyword: "schema",
    })),
  };
}

function standardUserSchema(schema: StandardSchema, side: "input" | "output"): UserSchema {
  const validate = schema["~standard"].validate;
  return {
    jsonSchema: jsonSchemaOf(schema, side),
    check(value) {
      const result = validate(value);
      return result instanceof Promise ? result.then((r) => finish(r)) : finish(result);
    },
  };
}

function rawShapeUserSchema(shape: RawShape, side: "input" | "output"): UserSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const { $schema: _dialect, ...property } = jsonSchemaOf(schema, side);
    properties[name] = property;
    const missing = schema["~standard"].validate(undefined);
    if (missing instanceof Promise || missing.issues) required.push(name);
  }
  const jsonSchema: JsonSchemaObject = { type: "object", properties, ...(required.length ? { required } : {}) };
  return {
    jsonSchema,
    async check(value) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return { issues: [{ path: "", message: "must be object", keyword: "type" }] };
      }
      const output: Record<string, unknown> = {};
      const issues: SchemaIssue[] = [];
      for (const [name, schema] of Object.entries(shape)) {
        const given = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
        const checked = finish(await schema["~standard"].validate(given), pointer([name]));
        if (checked.issues) issues.push(...checked.issues);
        else if (checked.value !== undefined) output[name] = checked.value;
      }
      return issues.length ? { issues } : { value: output };
    },
  };
}
