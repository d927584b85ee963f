import type { SchemaIssue } from "../protocol/errors.js";
import { ISSUE_MESSAGES as M } from "../protocol/issue-messages.js";

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
  if (!errors || errors.length === 0) return [{ path: "", message: M.unknown(), keyword: "unknown" }];
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
        message: M.required(),
        keyword: "required",
      });
      continue;
    }
    if (error.keyword === "discriminator") {
      // A union of variants told apart by a tag property (a content block's `type`, say).
      const tag = String(error.params.tag);
      const message = error.params.error === "tag" ? M.discriminatorTag() : M.discriminatorValue(error.params.tagValue);
      push({ path: `${error.instancePath}/${tag}`, message, keyword: "discriminator" });
      continue;
    }
    push({ path: error.instancePath, message: messageOf(error), keyword: error.keyword });
  }
  for (const [path, values] of constants) {
    const unique = [...new Set(values.map((value) => JSON.stringify(value)))];
    push({
      path,
      message: M.enum(unique.map((value) => JSON.parse(value))),
      keyword: "const",
    });
  }
  return issues.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The English message of one validator error, from its keyword and params (AJV's own text is terse). */
function messageOf(error: ValidatorError): string {
  const { params } = error;
  switch (error.keyword) {
    case "type": {
      const types = Array.isArray(params.type) ? params.type.map(String) : String(params.type).split(",");
      return M.type(types);
    }
    case "enum":
      return M.enum((params.allowedValues as unknown[] | undefined) ?? []);
    case "format":
      return M.format(String(params.format));
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
      return M[error.keyword](Number(params.limit));
    case "anyOf":
      return M.anyOf();
    default:
      return error.message ?? M.unknown();
  }
}
