import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type SchemaLock, sha256 } from "../../schema/lock.js";
import { SchemaSyncError, syncSchemas } from "../../schema/sync.js";

const BODY = '{"$schema":"http://json-schema.org/draft-07/schema#","definitions":{}}';

function fixture(body = BODY) {
  const root = mkdtempSync(join(tmpdir(), "typed-mcp-sync-"));
  const mirror = join(root, "mirror");
  mkdirSync(join(mirror, "1999-01-01"), { recursive: true });
  writeFileSync(join(mirror, "1999-01-01", "schema.json"), body);
  const lock: SchemaLock = {
    repository: "example/spec",
    urlTemplate: "https://example.invalid/{repository}/{commit}/{path}",
    versions: [{ version: "1999-01-01", commit: "abc", path: "schema/1999-01-01/schema.json", sha256: sha256(BODY) }],
  };
  return { root, mirror, lock, schemaDir: join(root, "schema") };
}

describe("syncSchemas", () => {
  it("copies from the mirror, verifies the sha256, then reports the file as cached", async () => {
    const { mirror, lock, schemaDir } = fixture();
    const first = await syncSchemas({ lock, schemaDir, mirrors: [mirror], allowDownload: false });
    expect(first).toEqual([
      { version: "1999-01-01", file: join(schemaDir, "1999-01-01", "schema.json"), source: "mirror" },
    ]);
    expect(readFileSync(join(schemaDir, "1999-01-01", "schema.json"), "utf8")).toBe(BODY);
    const second = await syncSchemas({ lock, schemaDir, mirrors: [mirror], allowDownload: false });
    expect(second[0]?.source).toBe("cached");
  });

  it("refuses a mirror file with other bytes, naming both hashes and the fix", async () => {
    const { mirror, lock, schemaDir } = fixture('{"tampered":true}');
    const error = await syncSchemas({ lock, schemaDir, mirrors: [mirror], allowDownload: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaSyncError);
    expect((error as Error).message).toContain(sha256(BODY));
    expect((error as Error).message).toContain(sha256('{"tampered":true}'));
    expect((error as Error).message).toMatch(/Fix:/);
  });

  it("with no source at all, says what was tried and how to fix it", async () => {
    const { root, lock, schemaDir } = fixture();
    const error = await syncSchemas({ lock, schemaDir, mirrors: [join(root, "nowhere")], allowDownload: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SchemaSyncError);
    expect((error as Error).message).toContain(join(root, "nowhere"));
    expect((error as Error).message).toContain("MCP_SCHEMA_MIRROR");
  });

  it("downloads from upstream when no mirror has the file, verifying the sha256", async () => {
    const { root, lock, schemaDir } = fixture();
    const urls: string[] = [];
    const good = (async (url: string) => {
      urls.push(String(url));
      return new Response(BODY);
    }) as typeof fetch;
    const synced = await syncSchemas({ lock, schemaDir, mirrors: [join(root, "none")], fetchImpl: good });
    expect(synced[0]?.source).toBe("upstream");
    expect(urls).toEqual(["https://example.invalid/example/spec/abc/schema/1999-01-01/schema.json"]);

    const other = fixture();
    const bad = (async () => new Response("{}")) as unknown as typeof fetch;
    await expect(
      syncSchemas({ lock: other.lock, schemaDir: other.schemaDir, mirrors: [], fetchImpl: bad }),
    ).rejects.toThrow(/sha256 mismatch/);
    const missing = (async () => new Response("nope", { status: 404 })) as unknown as typeof fetch;
    await expect(
      syncSchemas({ lock: other.lock, schemaDir: other.schemaDir, mirrors: [], fetchImpl: missing }),
    ).rejects.toThrow(/HTTP 404/);
  });
});
