// A TypeDoc plugin for the generated per-version types (generated/<version>/types.ts): each
// definition whose schema gives no description is documented as the definition of its version,
// and the schema's broken links ("{@link CreateMessageRequestsampling/createMessage}", a link and
// its method run together upstream) become the method name in code. The generated files stay as
// the schema made them; a fix in the schema makes the rewrite here find nothing to do.
import { Comment, Converter } from "typedoc";

const GENERATED = /[\\/]generated[\\/](\d{4}-\d{2}-\d{2})[\\/]types\.ts$/;
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

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const { project } = context;
    for (const reflection of Object.values(project.reflections)) {
      const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
      const version = file ? GENERATED.exec(file)?.[1] : undefined;
      if (!version) continue;
      if (!reflection.comment && reflection.parent?.kindOf?.(2 /* Module */ | 4 /* Namespace */)) {
        reflection.comment = new Comment([
          { kind: "text", text: `\`${reflection.name}\` as the ${version} schema defines it.` },
        ]);
      }
      const comment = reflection.comment;
      if (!comment) continue;
      comment.summary = plainLinks(comment.summary);
      for (const tag of comment.blockTags) tag.content = plainLinks(tag.content);
    }
  });
}
