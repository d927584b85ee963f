/**
 * The typed-mcp command where no MCP server answers: versions, usage errors, servers that cannot be
 * reached, and servers that want authorization (with the seam the OAuth flow will plug into).
 */
import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { resourceMetadataOf } from "../../src/cli/authorization.js";
import {
  getMethodTable,
  McpServer,
  type ProtocolVersion,
  StreamableHttpServer,
  SUPPORTED_PROTOCOL_VERSIONS,
} from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { closeAfterEach } from "../helpers/closers.js";
import { listenOnLoopback, serveOnLoopback } from "../helpers/http.js";

const closers = closeAfterEach();

describe("typed-mcp diff", () => {
  it("2025-06-18 to 2025-11-25: the task methods and URL-mode elicitation appear", async () => {
    const { code, stdout, stderr } = await runCli(["diff", "2025-06-18", "2025-11-25", "--json"]);
    expect(code, stderr).toBe(0);
    const diff = JSON.parse(stdout);
    expect(diff.methods.clientRequests.added).toEqual(
      expect.arrayContaining(["tasks/get", "tasks/result", "tasks/list", "tasks/cancel"]),
    );
    expect(diff.methods.serverNotifications.added).toContain("notifications/elicitation/complete");
    expect(diff.definitions.added).toContain("ElicitRequestURLParams");
  });

  it("2025-11-25 to 2026-07-28: server/discover added, initialize removed, as text", async () => {
    const { code, stdout, stderr } = await runCli(["diff", "2025-11-25", "2026-07-28"]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Client requests:[\s\S]*\+ server\/discover[\s\S]*- initialize/);
  });

  it("an unknown version is a usage error naming the supported ones", async () => {
    const { code, stderr } = await runCli(["diff", "2025-11-25", "2099-13-01"]);
    expect(code).not.toBe(0);
    expect(stderr).toContain("2026-07-28");
  });
});

describe("typed-mcp versions", () => {
  it("--json lists every version with its lifecycle and method counts per direction", async () => {
    const { code, stdout, stderr } = await runCli(["versions", "--json"]);
    expect(code, stderr).toBe(0);
    const versions = JSON.parse(stdout) as Array<{
      version: string;
      lifecycle: string;
      latest: boolean;
      methods: Record<string, number>;
    }>;
    expect(versions.map((entry) => entry.version)).toEqual([...SUPPORTED_PROTOCOL_VERSIONS]);
    for (const entry of versions) {
      const table = getMethodTable(entry.version as ProtocolVersion);
      expect(entry.methods.clientRequests).toBe(Object.keys(table.clientRequests).length);
      expect(entry.methods.serverNotifications).toBe(Object.keys(table.serverNotifications).length);
    }
    expect(versions.find((entry) => entry.version === "2025-11-25")?.lifecycle).toBe("stateful");
    expect(versions.find((entry) => entry.version === "2026-07-28")).toMatchObject({
      lifecycle: "stateless",
      latest: true,
    });
  });

  it("prints a table, coloured only on a terminal without NO_COLOR", async () => {
    const plain = await runCli(["versions"]);
    expect(plain.stdout).toMatch(/^ {2}2024-11-05 +stateful +\d+ +\d+ +\d+ +\d+$/m);
    expect(plain.stdout).toMatch(/^ {2}2026-07-28 \(latest\) +stateless /m);
    expect(plain.stdout).not.toContain("\u001b[");
    expect((await runCli(["versions"], { tty: true })).stdout).toContain("\u001b[2m");
    expect((await runCli(["versions"], { tty: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\u001b[");
  });
});

describe("usage errors exit 64 with a message on stderr and nothing on stdout", () => {
  it.each([
    [[], "no command given"],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["versions", "--bogus"], "Unknown option '--bogus'"],
    [["inspect"], "inspect needs a server"],
    [["inspect", "not a url"], "is not a URL"],
    [["inspect", "ftp://example.test/"], "only http:// and https://"],
    [["call", "http://127.0.0.1:1/mcp"], "call takes a tool name"],
    [["call", "http://127.0.0.1:1/mcp", "tool", "[1]"], "must be a JSON object"],
    [["inspect", "--protocol-version", "2023-01-01", "http://127.0.0.1:1/mcp"], "is not a version typed-mcp speaks"],
    [["inspect", "--header", "no colon", "http://127.0.0.1:1/mcp"], '--header expects "Name: value"'],
    [["inspect", "--"], "nothing after --"],
    [["diff", "2025-06-18"], "diff takes two protocol versions"],
    [["diff", "2025-06-18", "1999-01-01"], "1999-01-01 is not a version typed-mcp speaks"],
    [["versions", "extra"], "versions takes no arguments"],
  ])("%j", async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(64);
    expect(stderr).toContain(message);
    expect(stdout).toBe("");
  });

  it("--help prints the usage on stdout and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: typed-mcp <command>");
    expect(stdout).toContain("Exit status: 0 done, 1 the tool reported an error, 2 protocol error, 3 connection error");
  });
});

describe("servers that cannot be talked to exit 3", () => {
  it("nothing listening", { timeout: 30_000 }, async () => {
    const listening = await listenOnLoopback(createServer());
    await listening.close(); // a port that was just free: nothing answers there now
    const { code, stdout, stderr } = await runCli(["inspect", listening.url.href]);
    expect(code).toBe(3);
    expect(stderr).toContain(`could not connect to ${listening.url.href}`);
    expect(stdout).toBe("");
  });

  it("a server that needs authorization says so, with what it asked for", { timeout: 30_000 }, async () => {
    const metadata = "http://127.0.0.1:1/.well-known/oauth-protected-resource";
    const listening = await listenOnLoopback(
      createServer((_request, response) => {
        response.writeHead(401, { "WWW-Authenticate": `Bearer resource_metadata="${metadata}"` }).end();
      }),
    );
    closers.push(() => listening.close());
    const { code, stdout, stderr } = await runCli(["inspect", listening.url.href]);
    expect(code).toBe(3);
    expect(stderr).toContain(`the server at ${listening.url.href} needs authorization: it answered HTTP 401`);
    expect(stderr).toContain(`resource_metadata="${metadata}"`);
    expect(stderr).toContain('--header "Authorization: Bearer <token>"');
    expect(stdout).toBe("");
  });

  it("an authorization flow plugged into the seam is asked, and its headers are sent again", {
    timeout: 30_000,
  }, async () => {
    const seen: Array<string | undefined> = [];
    const listening = await listenOnLoopback(
      createServer((request, response) => {
        seen.push(request.headers.authorization);
        response.writeHead(401, { "WWW-Authenticate": 'Bearer realm="test"' }).end();
      }),
    );
    closers.push(() => listening.close());
    const challenges: string[] = [];
    const { code, stderr } = await runCli(["inspect", listening.url.href], {
      authorization: {
        authorize: async (challenge) => {
          challenges.push(`${challenge.status} ${challenge.wwwAuthenticate}`);
          return { Authorization: "Bearer from-the-flow" };
        },
      },
    });
    // This server refuses every token: the flow is asked, the retry carries its header, then the CLI gives up clearly.
    expect(code).toBe(3);
    expect(challenges[0]).toBe('401 Bearer realm="test"');
    expect(seen).toContain("Bearer from-the-flow");
    expect(stderr).toContain("needs authorization");
  });

  it("--header sends a token: a server that refuses requests without it serves the command with it", {
    timeout: 30_000,
  }, async () => {
    const server = new McpServer({ name: "guarded", version: "1.0.0" });
    server.registerTool("whoami", { inputSchema: { type: "object", properties: {} } }, () => ({
      content: [{ type: "text", text: "you" }],
    }));
    const http = new StreamableHttpServer(server);
    const listening = await serveOnLoopback({
      handle: (request: Request) =>
        request.headers.get("authorization") === "Bearer s3cret"
          ? http.handle(request)
          : Promise.resolve(new Response(null, { status: 401, headers: { "WWW-Authenticate": "Bearer" } })),
      close: () => http.close(),
    });
    closers.push(() => listening.close());
    const refused = await runCli(["call", listening.url.href, "whoami"]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("needs authorization");
    const served = await runCli(["call", listening.url.href, "whoami", "-H", "Authorization: Bearer s3cret"]);
    expect(served.code, served.stderr).toBe(0);
    expect(served.stdout).toBe("you\n");
  });

  it("reads resource_metadata from a WWW-Authenticate header, quoted or not", () => {
    expect(resourceMetadataOf('Bearer realm="x", resource_metadata="https://a.test/m"')).toBe("https://a.test/m");
    expect(resourceMetadataOf("Bearer resource_metadata=https://a.test/m, scope=x")).toBe("https://a.test/m");
    expect(resourceMetadataOf('Bearer realm="x"')).toBeUndefined();
    expect(resourceMetadataOf(undefined)).toBeUndefined();
  });
});
