/**
 * Stage 4b, emit method maps (ts-morph): for one version, the runtime method tables and the
 * type-level maps from method name to params and result types, in the four directions.
 */
import { IndentationText, Project, QuoteKind, StructureKind, VariableDeclarationKind } from "ts-morph";
import { type AnalysedSchema, DIRECTIONS, type Direction, type MethodEntry } from "./analyse.js";

const INTERFACE_NAMES: Record<Direction, string> = {
  clientRequests: "ClientRequests",
  serverRequests: "ServerRequests",
  clientNotifications: "ClientNotifications",
  serverNotifications: "ServerNotifications",
};

const DIRECTION_DOCS: Record<Direction, string> = {
  clientRequests: "Requests a client sends and a server answers.",
  serverRequests: "Requests a server sends and a client answers.",
  clientNotifications: "Notifications a client sends.",
  serverNotifications: "Notifications a server sends.",
};

function paramsType(entry: MethodEntry): string {
  return entry.paramsPointer ? `T.${entry.definition}["params"]` : "undefined";
}

/** The result type: the *ResultResponse's result where the version spells one out (it may add InputRequiredResult). */
function resultType(entry: MethodEntry): string {
  const result = entry.result as string;
  return entry.resultPointer?.endsWith(`/${result}Response/properties/result`)
    ? `T.${result}Response["result"]`
    : `T.${result}`;
}

/** The comment on a method's entry in the tables: the schema definitions it comes from. */
function entryDoc(entry: MethodEntry, isRequest: boolean): string {
  const params = entry.paramsPointer ? "its params" : "no params";
  return isRequest
    ? `\`${entry.method}\`: the schema's \`${entry.definition}\` (${params}), answered by \`${entry.result}\`.`
    : `\`${entry.method}\`: the schema's \`${entry.definition}\` (${params}).`;
}

function runtimeEntry(entry: MethodEntry, isRequest: boolean): string {
  const fields = [
    `definition: ${JSON.stringify(entry.definition)}`,
    `hasParams: ${entry.paramsPointer !== null}`,
    `paramsRequired: ${entry.paramsRequired}`,
  ];
  if (isRequest) fields.push(`result: ${JSON.stringify(entry.result)}`);
  return `{ ${fields.join(", ")} }`;
}

export function emitMethods(schema: AnalysedSchema): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const file = project.createSourceFile("methods.ts", "");
  const anyTypes = DIRECTIONS.some((direction) => Object.keys(schema.methods[direction]).length > 0);
  if (anyTypes) file.addImportDeclaration({ isTypeOnly: true, namespaceImport: "T", moduleSpecifier: "./types.js" });

  file.addVariableStatement({
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: [`The methods of protocol version ${schema.version}, per direction, as runtime data.`],
    declarations: [
      {
        name: "methodTable",
        initializer: (writer) => {
          writer.write("{").newLine();
          writer.indent(() => {
            for (const direction of DIRECTIONS) {
              const isRequest = direction.endsWith("Requests");
              const entries = Object.values(schema.methods[direction]);
              writer.writeLine(`/** ${DIRECTION_DOCS[direction]} */`);
              if (entries.length === 0) {
                writer.writeLine(`${direction}: {},`);
                continue;
              }
              writer.write(`${direction}: {`).newLine();
              writer.indent(() => {
                for (const entry of entries) {
                  writer.writeLine(`/** ${entryDoc(entry, isRequest)} */`);
                  writer.writeLine(`${JSON.stringify(entry.method)}: ${runtimeEntry(entry, isRequest)},`);
                }
              });
              writer.writeLine("},");
            }
          });
          writer.write("} as const");
        },
      },
    ],
  });

  for (const direction of DIRECTIONS) {
    const isRequest = direction.endsWith("Requests");
    file.addInterface({
      kind: StructureKind.Interface,
      name: INTERFACE_NAMES[direction],
      isExported: true,
      docs: [DIRECTION_DOCS[direction]],
      properties: Object.values(schema.methods[direction]).map((entry) => ({
        name: JSON.stringify(entry.method),
        docs: [entryDoc(entry, isRequest)],
        type: isRequest
          ? `{ params: ${paramsType(entry)}; result: ${resultType(entry)} }`
          : `{ params: ${paramsType(entry)} }`,
      })),
    });
  }

  file.addInterface({
    name: "MethodMaps",
    isExported: true,
    docs: [`All four directions of protocol version ${schema.version}.`],
    properties: DIRECTIONS.map((direction) => ({
      name: direction,
      docs: [DIRECTION_DOCS[direction]],
      type: INTERFACE_NAMES[direction],
    })),
  });

  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return file.getFullText();
}
