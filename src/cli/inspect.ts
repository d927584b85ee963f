/**
 * `typed-mcp inspect <url> | -- <command…>`: the negotiated version and lifecycle, the server's
 * info, instructions and capabilities, and every tool, resource, template and prompt (all pages).
 */
import type * as Model from "../protocol/model.js";
import { takeTarget } from "./arguments.js";
import { connect } from "./connection.js";
import { type CommandContext, printJson } from "./context.js";
import { ExitCode, type ExitCodeValue, UsageError } from "./exit-codes.js";
import { summariseArguments } from "./render.js";
import { oneLine, type Styles, table } from "./terminal.js";

export async function inspectCommand(context: CommandContext): Promise<ExitCodeValue> {
  const { target, rest } = takeTarget(context.line);
  if (rest.length > 0) throw new UsageError(`inspect takes only the server, not ${JSON.stringify(rest.join(" "))}`);
  const connected = await connect(target, {
    options: context.line.options,
    io: context.io,
    ...authorizationOf(context),
  });
  try {
    const { client, server, lifecycle } = connected;
    const capabilities = server.capabilities;
    const tools = capabilities.tools ? await client.listToolsAll() : [];
    const resources = capabilities.resources ? await client.listResourcesAll() : [];
    const resourceTemplates = capabilities.resources ? await client.listResourceTemplatesAll() : [];
    const prompts = capabilities.prompts ? await client.listPromptsAll() : [];
    const report = {
      protocolVersion: server.protocolVersion,
      lifecycle,
      serverInfo: server.serverInfo,
      ...(server.instructions === undefined ? {} : { instructions: server.instructions }),
      capabilities,
      tools,
      resources,
      resourceTemplates,
      prompts,
    };
    if (context.line.options.json) printJson(context, report);
    else context.io.stdout.write(describe(report, context.out));
    return ExitCode.Ok;
  } finally {
    await connected.close();
  }
}

function authorizationOf(context: CommandContext) {
  return {
    ...(context.authorization ? { authorization: context.authorization } : {}),
    ...(context.openBrowser ? { openBrowser: context.openBrowser } : {}),
  };
}

interface Report {
  protocolVersion: string;
  lifecycle: string;
  serverInfo: Model.Implementation;
  instructions?: string;
  capabilities: Model.ServerCapabilities;
  tools: Model.Tool[];
  resources: Model.Resource[];
  resourceTemplates: Model.ResourceTemplate[];
  prompts: Model.Prompt[];
}

function describe(report: Report, styles: Styles): string {
  const { serverInfo } = report;
  const lines = [
    `${styles.bold("server")}        ${serverInfo.name} ${serverInfo.version}${serverInfo.title ? ` (${serverInfo.title})` : ""}`,
    `${styles.bold("protocol")}      ${report.protocolVersion}, ${report.lifecycle} lifecycle`,
    `${styles.bold("capabilities")}  ${describeCapabilities(report.capabilities)}`,
  ];
  if (report.instructions) lines.push(`${styles.bold("instructions")}  ${oneLine(report.instructions, 200)}`);
  let text = `${lines.join("\n")}\n`;
  const section = (title: string, count: number, body: string) => {
    text += `\n${styles.bold(`${title} (${count})`)}\n${count === 0 ? "  (none)\n" : body}`;
  };
  if (report.capabilities.tools) {
    const rows = report.tools.map((tool) => [
      tool.name,
      summariseArguments(tool.inputSchema),
      oneLine(tool.description, 60),
    ]);
    section("tools", rows.length, table(["NAME", "ARGUMENTS (* required)", "DESCRIPTION"], rows, styles));
  }
  if (report.capabilities.resources) {
    const rows = report.resources.map((resource) => [resource.uri, resource.name, resource.mimeType ?? ""]);
    section("resources", rows.length, table(["URI", "NAME", "MIME TYPE"], rows, styles));
    const templates = report.resourceTemplates.map((template) => [
      template.uriTemplate,
      template.name,
      oneLine(template.description, 60),
    ]);
    section("resource templates", templates.length, table(["URI TEMPLATE", "NAME", "DESCRIPTION"], templates, styles));
  }
  if (report.capabilities.prompts) {
    const rows = report.prompts.map((prompt) => [
      prompt.name,
      (prompt.arguments ?? []).map((argument) => `${argument.name}${argument.required ? "*" : ""}`).join(", ") || "-",
      oneLine(prompt.description, 60),
    ]);
    section("prompts", rows.length, table(["NAME", "ARGUMENTS (* required)", "DESCRIPTION"], rows, styles));
  }
  return text;
}

function describeCapabilities(capabilities: Model.ServerCapabilities): string {
  const names = Object.entries(capabilities).map(([name, value]) => {
    const flags =
      value && typeof value === "object"
        ? Object.keys(value).filter((flag) => (value as Record<string, unknown>)[flag] === true)
        : [];
    return flags.length > 0 ? `${name} (${flags.join(", ")})` : name;
  });
  return names.length > 0 ? names.join(", ") : "(none)";
}
