/**
 * The TypeScript type a JSON Schema describes, for schemas written `as const`: handler arguments
 * and results are typed from the same schema the wire carries. Depth is bounded (five levels of
 * nesting), past which the type is `unknown`, so a server with a hundred tools compiles quickly and
 * never hits TS2589 ("excessively deep").
 */

type Depth = [never, 0, 1, 2, 3, 4, 5];

type Primitive<T> = T extends "string"
  ? string
  : T extends "number" | "integer"
    ? number
    : T extends "boolean"
      ? boolean
      : T extends "null"
        ? null
        : T extends "array"
          ? unknown[]
          : T extends "object"
            ? Record<string, unknown>
            : unknown;

type Properties<P, Required, D extends number> = {
  -readonly [K in keyof P as K extends Required ? K : never]: InferSchema<P[K], D>;
} & {
  -readonly [K in keyof P as K extends Required ? never : K]?: InferSchema<P[K], D>;
};

type Flatten<T> = { [K in keyof T]: T[K] } & {};

type RequiredKeys<S> = S extends { required: readonly (infer R)[] } ? R : never;

/** The type of values valid against schema `S` (written `as const`). */
export type InferSchema<S, D extends number = 5> = [D] extends [never]
  ? unknown
  : S extends { const: infer C }
    ? C
    : S extends { enum: readonly (infer E)[] }
      ? E
      : S extends { anyOf: readonly (infer A)[] }
        ? InferSchema<A, Depth[D]>
        : S extends { oneOf: readonly (infer A)[] }
          ? InferSchema<A, Depth[D]>
          : S extends { type: "object"; properties: infer P }
            ? Flatten<Properties<P, RequiredKeys<S>, Depth[D]>>
            : S extends { type: "array"; items: infer I }
              ? InferSchema<I, Depth[D]>[]
              : S extends { type: readonly (infer T)[] }
                ? Primitive<T>
                : S extends { type: infer T }
                  ? Primitive<T>
                  : unknown;
