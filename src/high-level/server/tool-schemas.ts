/**
 * A tool's schemas, taken at registration: each kind of schema a user may give (plain JSON Schema,
 * a Standard Schema, a raw shape) turned into one the wire can carry, and the whole definition held
 * against the `Tool` schema of every protocol version the server speaks. A schema that cannot be
 * listed is refused here, naming the tool and the problem, instead of failing every tools/list later.
 */
import type { CompileOptions } from "../../json-schema/compile.js";
import {
  type SchemaInput,
  UnusableSchemaError,
  type UserSchema,
  userSchema,
} from "../../json-schema/standard-schema.js";
import { SchemaViolationError, ValidatorsUnavailableError } from "../../protocol/errors.js";
import type * as Model from "../../protocol/model.js";
import type { ProtocolVersion } from "../../protocol/versions.js";
import { validateDefinition } from "../../validation/validate.js";

/** A tool whose schemas or definition cannot be served; the message names the tool and the problem. */
export class InvalidToolError extends Error {
  /** The error's name, `"InvalidToolError"`. */
  override name = "InvalidToolError";
}

function schemaOf(
  tool: string,
  field: "inputSchema" | "outputSchema",
  given: unknown,
  options: CompileOptions,
): UserSchema {
  let schema: UserSchema;
  try {
    schema = userSchema(given, field === "inputSchema" ? "input" : "output", options);
  } catch (error) {
    throw new InvalidToolError(`tool ${JSON.stringify(tool)}: its ${field} ${describe(error)}`);
  }
  if (schema.jsonSchema.type !== "object") {
    const type = schema.jsonSchema.type === undefined ? "no type" : `type ${JSON.stringify(schema.jsonSchema.type)}`;
    throw new InvalidToolError(
      `tool ${JSON.stringify(tool)}: its ${field} must describe an object (type "object"), but has ${type}`,
    );
  }
  return schema;
}

function describe(error: unknown): string {
  if (error instanceof UnusableSchemaError) return error.message;
  return `is not a usable JSON Schema: ${error instanceof Error ? error.message : String(error)}`;
}

export function toolSchemas(
  tool: string,
  config: {
    inputSchema?: SchemaInput | undefined;
    outputSchema?: SchemaInput | undefined;
    applyDefaults?: boolean;
    formats?: CompileOptions["formats"];
  },
): { input: UserSchema; output: UserSchema | undefined } {
  const formats = config.formats ?? "annotate";
  const inputOptions = { applyDefaults: config.applyDefaults === true, formats };
  return {
    input: schemaOf(tool, "inputSchema", config.inputSchema ?? { type: "object" }, inputOptions),
    output:
      config.outputSchema === undefined ? undefined : schemaOf(tool, "outputSchema", config.outputSchema, { formats }),
  };
}

/** Holds `definition` against the Tool schema of each version (the kernel drops what an older one lacks). */
export function checkToolDefinition(definition: Model.Tool, versions: readonly ProtocolVersion[]): void {
  for (const version of versions) {
    try {
      validateDefinition("Tool", version, definition);
    } catch (error) {
      // Without a synchronous loader (some edge runtimes) the kernel checks at tools/list instead.
      if (error instanceof ValidatorsUnavailableError) continue;
      if (!(error instanceof SchemaViolationError)) throw error;
      const problems = error.issues.map((issue) => `${issue.path || "(root)"} ${issue.message}`).join("; ");
      throw new InvalidToolError(
        `tool ${JSON.stringify(definition.name)} is not a valid tool for protocol ${version}: ${problems}`,
      );
    }
  }
}
