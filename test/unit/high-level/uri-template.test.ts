import { describe, expect, it } from "vitest";
import { UriTemplate, UriTemplateError } from "../../../src/high-level/uri-template.js";

describe("UriTemplate", () => {
  it("expands the RFC 6570 operators", () => {
    const vars = { var: "value", hello: "Hello World!", path: "/foo/bar", list: ["red", "green"], x: "1024", y: "768" };
    const cases: Array<[string, string]> = [
      ["{var}", "value"],
      ["{hello}", "Hello%20World%21"],
      ["{+path}/here", "/foo/bar/here"],
      ["{#hello}", "#Hello%20World!"],
      ["X{.var}", "X.value"],
      ["{/var,x}/here", "/value/1024/here"],
      ["{;x,y}", ";x=1024;y=768"],
      ["{?x,y}", "?x=1024&y=768"],
      ["?fixed=yes{&x}", "?fixed=yes&x=1024"],
      ["{var:3}", "val"],
      ["{list}", "red,green"],
      ["{/list*}", "/red/green"],
      ["{?missing}", ""],
    ];
    for (const [template, expected] of cases) expect(new UriTemplate(template).expand(vars), template).toBe(expected);
  });

  it("matches URIs back to their variables", () => {
    expect(new UriTemplate("users://{id}/profile").match("users://42/profile")).toEqual({ id: "42" });
    expect(new UriTemplate("users://{id}/profile").match("users://42/other")).toBeUndefined();
    expect(new UriTemplate("users://{id}/profile").match("users://4/2/profile")).toBeUndefined();
    expect(new UriTemplate("file:///{+path}").match("file:///a/b/c.txt")).toEqual({ path: "a/b/c.txt" });
    expect(new UriTemplate("search://{q}{?limit,offset}").match("search://cats?offset=5&limit=10")).toEqual({
      q: "cats",
      limit: "10",
      offset: "5",
    });
    expect(new UriTemplate("search://{q}{?limit}").match("search://cats")).toEqual({ q: "cats" });
    expect(new UriTemplate("search://{q}{?limit}").match("search://cats?evil=1")).toBeUndefined();
    expect(new UriTemplate("greet://{name}").match("greet://Hello%20World")).toEqual({ name: "Hello World" });
    expect(new UriTemplate("tree://{/parts*}").match("tree:///a/b/c")).toEqual({ parts: ["a", "b", "c"] });
  });

  it("round-trips expansion and matching", () => {
    const template = new UriTemplate("repo://{owner}/{name}/blob{/ref}{?plain}");
    const vars = { owner: "me", name: "proj", ref: "main", plain: "1" };
    expect(template.match(template.expand(vars))).toEqual(vars);
  });

  it("refuses malformed templates", () => {
    expect(() => new UriTemplate("a{b")).toThrow(UriTemplateError);
    expect(() => new UriTemplate("a{b c}")).toThrow(UriTemplateError);
    expect(new UriTemplate("x://{a}").variableNames).toEqual(["a"]);
    expect(UriTemplate.isTemplate("x://{a}")).toBe(true);
    expect(UriTemplate.isTemplate("x://a")).toBe(false);
  });
});
