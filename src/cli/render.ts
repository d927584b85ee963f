/**
 * Results made readable: text as it is, structured content as JSON, images, audio and blobs as a
 * one-line summary (or saved under `--out`), embedded resources and links by their URI; and a tool's
 * argument schema summarised on one line.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Styles } from "./terminal.js";

/** Where binary content goes when `--out` is given, and how files are named. */
export interface Saving {
  directory: string | undefined;
  /** Files written so far (their names are numbered in order). */
  written: string[];
}

type Block = { type?: unknown; [key: string]: unknown };

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
  "image/svg+xml": "svg",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/mpeg": "mp3",
  "audio/ogg": "ogg",
  "application/json": "json",
  "application/pdf": "pdf",
  "text/plain": "txt",
};

/** Decoded size of base64 text, without decoding it. */
function base64Bytes(data: string): number {
  const padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - padding);
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A one-line summary of base64 content, or where it was saved. */
function binary(kind: string, mimeType: unknown, data: unknown, saving: Saving, styles: Styles): string {
  const mime = typeof mimeType === "string" ? mimeType : "application/octet-stream";
  const text = typeof data === "string" ? data : "";
  const bytes = base64Bytes(text);
  if (saving.directory) {
    mkdirSync(saving.directory, { recursive: true });
    const name = `${kind}-${saving.written.length + 1}.${EXTENSIONS[mime] ?? "bin"}`;
    const path = resolve(join(saving.directory, name));
    writeFileSync(path, Buffer.from(text, "base64"));
    saving.written.push(path);
    return styles.dim(`[${kind} ${mime}, ${size(bytes)}, saved to ${path}]`);
  }
  return styles.dim(`[${kind} ${mime}, ${size(bytes)}; --out <dir> saves it]`);
}

/** One content block of a tool result or prompt message. */
export function renderContent(content: object, saving: Saving, styles: Styles): string {
  const block = content as Block;
  switch (block.type) {
    case "text":
      return String(block.text ?? "");
    case "image":
    case "audio":
      return binary(block.type, block.mimeType, block.data, saving, styles);
    case "resource":
      return renderResourceContents((block.resource ?? {}) as Block, saving, styles);
    case "resource_link":
      return styles.cyan(`[link ${String(block.uri)}${block.name ? ` (${String(block.name)})` : ""}]`);
    default:
      return styles.dim(`[${String(block.type)} content] ${JSON.stringify(block)}`);
  }
}

/** One entry of a resource's contents: its text, or its blob summarised or saved. */
export function renderResourceContents(resource: object, saving: Saving, styles: Styles): string {
  const contents = resource as Block;
  const header = styles.cyan(
    `[resource ${String(contents.uri)}${contents.mimeType ? ` ${String(contents.mimeType)}` : ""}]`,
  );
  if (typeof contents.text === "string") return `${header}\n${contents.text}`;
  return `${header} ${binary("blob", contents.mimeType, contents.blob, saving, styles)}`;
}

/** A result's content blocks, then its structured content as JSON. */
export function renderToolResult(
  result: { content?: unknown; structuredContent?: unknown },
  saving: Saving,
  styles: Styles,
): string {
  const blocks = Array.isArray(result.content) ? (result.content as Block[]) : [];
  const parts = blocks.map((block) => renderContent(block, saving, styles));
  if (result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  return parts.length === 0 ? "" : `${parts.join("\n")}\n`;
}

/** A tool's input schema on one line: `city: string*, days?: integer` (* marks the required ones). */
export function summariseArguments(schema: unknown): string {
  const shape = (schema ?? {}) as { properties?: Record<string, unknown>; required?: unknown };
  const properties = shape.properties ?? {};
  const required = Array.isArray(shape.required) ? (shape.required as string[]) : [];
  const names = Object.keys(properties);
  if (names.length === 0) return "-";
  return names.map((name) => `${name}${required.includes(name) ? "*" : ""}: ${typeOf(properties[name])}`).join(", ");
}

function typeOf(schema: unknown): string {
  const shape = (schema ?? {}) as { type?: unknown; enum?: unknown; items?: unknown; anyOf?: unknown; oneOf?: unknown };
  if (Array.isArray(shape.enum)) return shape.enum.map((value) => JSON.stringify(value)).join("|");
  if (Array.isArray(shape.type)) return shape.type.join("|");
  if (shape.type === "array") return `${typeOf(shape.items)}[]`;
  if (typeof shape.type === "string") return shape.type;
  const variants = Array.isArray(shape.anyOf) ? shape.anyOf : Array.isArray(shape.oneOf) ? shape.oneOf : undefined;
  return variants ? variants.map(typeOf).join("|") : "any";
}
