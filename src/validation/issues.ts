import type { SchemaIssue } from "../protocol/errors.js";

/** The shape of an AJV error object, as the standalone validators produce it. */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/**
 * Turns raw validator errors into one readable issue per failing path: a missing property is
 * reported at its own path, and the alternatives of a union that all failed on the same constant
 * (a content block's `type`, say) are folded into one "must be one of" line.
 */
export function toIssues(errors: readonly ValidatorError[] | null | undefined): SchemaIssue[] {
  if (!errors || errors.length === 0) return [{ path: "", message: "does not match the schema", keyword: "unknown" }];
  const constants = new Map<string, unknown[]>();
  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  const push = (issue: SchemaIssue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push(issue);
  };
  for (const error of errors) {
    if (error.keyword === "const") {
      const values = constants.get(error.instancePath) ?? [];
      values.push(error.params.allowedValue);
      constants.set(error.instancePath, values);
      continue;
    }
    if (error.keyword === "required") {
      push({
        path: `${error.instancePath}/${String(error.params.missingProperty)}`,
        message: "is required",
        keyword: "required",
      });
      continue;
    }
    if (error.keyword === "discriminator") {
      // A union of variants told apart by a tag property (a content block's `type`, say).
      const tag = String(error.params.tag);
      const message =
        error.params.error === "tag"
          ? "must be a string naming the variant"
          : `${JSON.stringify(error.params.tagValue)} is not one of the variants allowed here`;
      push({ path: `${error.instancePath}/${tag}`, message, keyword: "discriminator" });
      continue;
    }
    if (error.keyword === "enum") {
      const allowed = (error.params.allowedValues as unknown[] | undefined)?.map((v) => JSON.stringify(v)).join(", ");
      push({ path: error.instancePath, message: `must be one of ${allowed}`, keyword: "enum" });
      continue;
    }
    push({ path: error.instancePath, message: error.message ?? error.keyword, keyword: error.keyword });
  }
  for (const [path, values] of constants) {
    const unique = [...new Set(values.map((value) => JSON.stringify(value)))];
    push({
      path,
      message: unique.length === 1 ? `must be ${unique[0]}` : `must be one of ${unique.join(", ")}`,
      keyword: "const",
    });
  }
  return issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
