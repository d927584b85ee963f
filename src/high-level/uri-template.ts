/**
 * RFC 6570 URI templates: expansion (levels 1-4) and matching a URI back to variables, as resource
 * templates need (`file:///{+path}`, `users://{id}/posts{?limit,offset}`).
 *
 * Matching is the inverse of expansion for the forms servers use: simple `{x}` (no "/"), reserved
 * `{+x}` (anything), fragment `{#x}`, label `{.x}`, path segments `{/x}`, and the query forms
 * `{?x,y}` / `{&x}`, whose variables may come in any order and be absent.
 */

type Operator = "" | "+" | "#" | "." | "/" | ";" | "?" | "&";

interface VariableSpec {
  name: string;
  explode: boolean;
  prefix?: number;
}

interface Expression {
  operator: Operator;
  variables: VariableSpec[];
}

type Part = string | Expression;

const OPERATORS: Record<
  Operator,
  { first: string; separator: string; named: boolean; ifEmpty: string; allowReserved: boolean }
> = {
  "": { first: "", separator: ",", named: false, ifEmpty: "", allowReserved: false },
  "+": { first: "", separator: ",", named: false, ifEmpty: "", allowReserved: true },
  "#": { first: "#", separator: ",", named: false, ifEmpty: "", allowReserved: true },
  ".": { first: ".", separator: ".", named: false, ifEmpty: "", allowReserved: false },
  "/": { first: "/", separator: "/", named: false, ifEmpty: "", allowReserved: false },
  ";": { first: ";", separator: ";", named: true, ifEmpty: "", allowReserved: false },
  "?": { first: "?", separator: "&", named: true, ifEmpty: "=", allowReserved: false },
  "&": { first: "&", separator: "&", named: true, ifEmpty: "=", allowReserved: false },
};

/** A malformed RFC 6570 URI template. */
export class UriTemplateError extends Error {
  /** The error's name, `"UriTemplateError"`. */
  override name = "UriTemplateError";
}

/** A URI template's variables by name: a string, or a list for list-valued expressions. */
export type Variables = Record<string, string | string[]>;

function encode(value: string, allowReserved: boolean): string {
  return allowReserved
    ? encodeURI(value).replace(/%25([0-9A-Fa-f]{2})/g, "%$1")
    : encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An RFC 6570 URI template: expands variables into a URI and matches a URI back to its variables. */
export class UriTemplate {
  private readonly parts: Part[];
  /** The template's variable names, in order of appearance. */
  readonly variableNames: string[];
  private matcher: RegExp | undefined;

  /**
   * Parses the template. Throws UriTemplateError when it is malformed.
   * @param template - The template text (`users://{id}/posts{?limit,offset}`).
   */
  constructor(readonly template: string) {
    this.parts = UriTemplate.parse(template);
    this.variableNames = this.parts.flatMap((part) =>
      typeof part === "string" ? [] : part.variables.map((v) => v.name),
    );
  }

  /** Whether `text` contains an expression (`{...}`), i.e. is a template rather than a plain URI. */
  static isTemplate(text: string): boolean {
    return /\{[^}]+\}/.test(text);
  }

  private static parse(template: string): Part[] {
    const parts: Part[] = [];
    let index = 0;
    while (index < template.length) {
      const open = template.indexOf("{", index);
      if (open === -1) {
        parts.push(template.slice(index));
        break;
      }
      if (open > index) parts.push(template.slice(index, open));
      const close = template.indexOf("}", open);
      if (close === -1) throw new UriTemplateError(`unclosed expression in ${JSON.stringify(template)}`);
      let body = template.slice(open + 1, close);
      let operator: Operator = "";
      if (body[0] && "+#./;?&".includes(body[0])) {
        operator = body[0] as Operator;
        body = body.slice(1);
      }
      const variables = body.split(",").map((raw): VariableSpec => {
        const match = /^([A-Za-z0-9_.%]+)(\*|:([1-9][0-9]{0,3}))?$/.exec(raw);
        if (!match) throw new UriTemplateError(`bad variable ${JSON.stringify(raw)} in ${JSON.stringify(template)}`);
        return {
          name: match[1] as string,
          explode: match[2] === "*",
          ...(match[3] ? { prefix: Number(match[3]) } : {}),
        };
      });
      parts.push({ operator, variables });
      index = close + 1;
    }
    return parts;
  }

  /**
   * Expands the template with `variables` (RFC 6570 levels 1 to 4: prefixes, explode, arrays as lists); an
   * undefined variable or an empty list expands to nothing.
   */
  expand(variables: Variables): string {
    return this.parts
      .map((part) => {
        if (typeof part === "string") return part;
        const spec = OPERATORS[part.operator];
        const pieces: string[] = [];
        for (const variable of part.variables) {
          const value = variables[variable.name];
          if (value === undefined) continue;
          const values = Array.isArray(value) ? value : [value];
          if (values.length === 0) continue;
          const rendered = values.map((item) =>
            encode(variable.prefix ? [...item].slice(0, variable.prefix).join("") : item, spec.allowReserved),
          );
          if (spec.named) {
            if (variable.explode) pieces.push(...rendered.map((item) => `${variable.name}=${item}`));
            else pieces.push(`${variable.name}${rendered.join(",") === "" ? spec.ifEmpty : `=${rendered.join(",")}`}`);
          } else {
            pieces.push(variable.explode ? rendered.join(spec.separator) : rendered.join(","));
          }
        }
        return pieces.length ? spec.first + pieces.join(spec.separator) : "";
      })
      .join("");
  }

  private buildMatcher(): RegExp {
    let pattern = "^";
    for (const part of this.parts) {
      if (typeof part === "string") {
        pattern += escapeRegExp(part);
        continue;
      }
      const spec = OPERATORS[part.operator];
      if (part.operator === "?" || part.operator === "&") {
        // Query parameters: captured whole, parsed by name below.
        pattern += `(?:${escapeRegExp(spec.first)}([^#]*))?`;
        continue;
      }
      const group =
        part.operator === "+" || part.operator === "#"
          ? "(.*?)"
          : part.operator === "/"
            ? part.variables.some((v) => v.explode)
              ? "((?:/[^/?#]*)*?)"
              : "([^?#]*?)"
            : "([^/?#,.]*?)";
      if (part.operator === "/" && part.variables.some((v) => v.explode)) {
        pattern += group;
      } else {
        pattern += `${escapeRegExp(spec.first)}${part.variables.map(() => group).join(escapeRegExp(spec.separator))}`;
      }
    }
    return new RegExp(`${pattern}$`);
  }

  /** The variables that expand to `uri`, or undefined when it does not fit the template. */
  match(uri: string): Variables | undefined {
    try {
      return this.matchOrThrow(uri);
    } catch (error) {
      // A malformed percent-escape (`%ZZ`): such a URI names nothing this template stands for.
      if (error instanceof URIError) return undefined;
      throw error;
    }
  }

  private matchOrThrow(uri: string): Variables | undefined {
    this.matcher ??= this.buildMatcher();
    const found = this.matcher.exec(uri);
    if (!found) return undefined;
    const result: Variables = {};
    let group = 1;
    for (const part of this.parts) {
      if (typeof part === "string") continue;
      if (part.operator === "?" || part.operator === "&") {
        const query = found[group++];
        if (query === undefined) continue;
        const wanted = new Set(part.variables.map((v) => v.name));
        for (const pair of query.split("&")) {
          if (!pair) continue;
          const equals = pair.indexOf("=");
          const name = decodeURIComponent(equals === -1 ? pair : pair.slice(0, equals));
          if (!wanted.has(name)) return undefined;
          result[name] = decodeURIComponent(equals === -1 ? "" : pair.slice(equals + 1));
        }
        continue;
      }
      if (part.operator === "/" && part.variables.some((v) => v.explode)) {
        const segments = (found[group++] ?? "").split("/").slice(1).map(decodeURIComponent);
        result[(part.variables[0] as VariableSpec).name] = segments;
        continue;
      }
      for (const variable of part.variables) {
        const raw = found[group++];
        if (raw === undefined) return undefined;
        result[variable.name] = decodeURIComponent(raw);
      }
    }
    return result;
  }
}
