// A TypeDoc plugin for the generated per-version types (generated/<version>/types.ts): each
// definition whose schema gives no description is documented as the definition of its version,
// each member the schema gives no description (a `method` or `jsonrpc` constant, a `params`, an
// `id`, ...) as that member of its definition (with its constant value, when it has one), and the
// schema's broken links ("{@link CreateMessageRequestsampling/createMessage}", a link and
// its method run together upstream) become the method name in code. The generated files stay as
// the schema made them; a fix in the schema makes the rewrite here find nothing to do.
import { Comment, Converter } from "typedoc";

const GENERATED = /[\\/]generated[\\/](\d{4}-\d{2}-\d{2})[\\/]types\.ts$/;
// The method tables codegen writes (generated/<version>/methods.ts) carry a comment on every method;
// the fields of each method's entry are the same in every entry and are described here once.
const METHODS = /[\\/]generated[\\/](\d{4}-\d{2}-\d{2})[\\/]methods\.ts$/;
/** The fields of a method's entry: in the runtime `methodTable`, and in the type-level maps. */
const ENTRY_FIELDS = {
  definition: "The name of the schema definition of the request or notification.",
  hasParams: "Whether the definition has a `params` member.",
  paramsRequired: "Whether `params` is required.",
  result:
    "The request's result: the name of its result definition (runtime table) or its result type (type-level map).",
  params: "The type of the method's `params` (`undefined` when the definition has none).",
};
const RUN_TOGETHER_LINK = /^[A-Z][A-Za-z]*?(?:Request|Notification)([a-z][\w/]*)$/;

/**
 * Links the schema got wrong, as code: a link run together with its method name, and links into
 * the inside of an anonymous object type (`ClientCapabilities.sampling.tools`), which has no page.
 * @param {import("typedoc").CommentDisplayPart[]} parts
 */
function plainLinks(parts) {
  return parts.map((part) => {
    if (part.kind !== "inline-tag" || part.tag !== "@link") return part;
    const method = RUN_TOGETHER_LINK.exec(part.text)?.[1];
    if (method) return { kind: "code", text: `\`${method}\`` };
    if (part.text.split(".").length > 2) return { kind: "code", text: `\`${part.text}\`` };
    return part;
  });
}

/**
 * The definition (a child of the version's namespace) a member of a generated type belongs to.
 * @param {import("typedoc").Reflection} reflection
 */
function definitionOf(reflection) {
  let current = reflection.parent;
  while (current?.parent && !current.parent.kindOf(2 /* Module */ | 4 /* Namespace */)) current = current.parent;
  return current;
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const { project } = context;
    for (const reflection of Object.values(project.reflections)) {
      const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
      if (file && METHODS.test(file) && !reflection.comment && reflection.kindOf(1024 /* Property */)) {
        const text = ENTRY_FIELDS[reflection.name];
        if (text && reflection.parent?.parent?.kindOf(1024 /* Property */)) {
          reflection.comment = new Comment([{ kind: "text", text }]);
        }
        continue;
      }
      const version = file ? GENERATED.exec(file)?.[1] : undefined;
      if (!version) continue;
      if (!reflection.comment && reflection.parent?.kindOf?.(2 /* Module */ | 4 /* Namespace */)) {
        reflection.comment = new Comment([
          { kind: "text", text: `\`${reflection.name}\` as the ${version} schema defines it.` },
        ]);
      } else if (!reflection.comment && reflection.kindOf(1024 /* Property */)) {
        const constant =
          reflection.type?.type === "literal" ? ` Always \`${JSON.stringify(reflection.type.value)}\`.` : "";
        const owner = definitionOf(reflection)?.name ?? "its definition";
        reflection.comment = new Comment([
          {
            kind: "text",
            text: `The \`${reflection.name}\` member of \`${owner}\`, which the ${version} schema gives no description.${constant}`,
          },
        ]);
      }
      const comment = reflection.comment;
      if (!comment) continue;
      comment.summary = plainLinks(comment.summary);
      for (const tag of comment.blockTags) tag.content = plainLinks(tag.content);
    }
  });
}
