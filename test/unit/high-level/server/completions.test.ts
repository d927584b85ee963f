import { describe, expect, it } from "vitest";
import { type Completer, type CompleterSources, complete } from "../../../../src/high-level/server/completions.js";

function sources(completer: Completer | undefined): CompleterSources & { asked: unknown[][] } {
  const asked: unknown[][] = [];
  return {
    asked,
    prompts: {
      argumentCompleter: (name, argument) => {
        asked.push(["prompt", name, argument]);
        return completer;
      },
    },
    resources: {
      variableCompleter: (uriTemplate, variable) => {
        asked.push(["template", uriTemplate, variable]);
        return completer;
      },
    },
  };
}

describe("complete", () => {
  it("asks the referenced prompt or template for the argument's completer and passes what was typed", async () => {
    const typed: unknown[] = [];
    const from = sources((value, context) => {
      typed.push([value, context]);
      return ["x"];
    });
    await complete(
      { ref: { type: "ref/prompt", name: "p" }, argument: { name: "a", value: "x" }, context: { arguments: {} } },
      from,
    );
    await complete({ ref: { type: "ref/resource", uri: "file:///{path}" }, argument: { name: "path" } }, from);
    expect(from.asked).toEqual([
      ["prompt", "p", "a"],
      ["template", "file:///{path}", "path"],
    ]);
    expect(typed).toEqual([
      ["x", { arguments: {} }],
      ["", {}],
    ]);
  });

  it("caps the answer at 100 values, telling the total and that there is more", async () => {
    const values = Array.from({ length: 150 }, (_, i) => String(i));
    const { completion } = (await complete(
      { ref: { type: "ref/prompt", name: "p" }, argument: { name: "a", value: "" } },
      sources(() => values),
    )) as { completion: { values: string[]; total: number; hasMore: boolean } };
    expect(completion.values).toEqual(values.slice(0, 100));
    expect(completion).toMatchObject({ total: 150, hasMore: true });
  });

  it("answers no values for an argument without a completer, or an unknown kind of reference", async () => {
    const empty = { completion: { values: [], total: 0, hasMore: false } };
    const from = sources(undefined);
    expect(await complete({ ref: { type: "ref/prompt", name: "p" }, argument: { name: "a" } }, from)).toEqual(empty);
    expect(await complete({ ref: { type: "ref/other" }, argument: { name: "a" } }, from)).toEqual(empty);
    expect(from.asked).toEqual([["prompt", "p", "a"]]);
  });
});
