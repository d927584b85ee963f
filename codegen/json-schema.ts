/** The small slice of JSON Schema the generator walks; upstream files are plain JSON. */
export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaDocument {
  $schema?: string;
  definitions?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep copy of plain JSON data (the schemas hold nothing else). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Resolves a JSON pointer ("/a/b/0") against a value; undefined when any step is missing. */
export function getPointer(root: unknown, pointer: string): unknown {
  if (pointer === "" || pointer === "/") return root;
  let node: unknown = root;
  for (const raw of pointer.replace(/^\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
