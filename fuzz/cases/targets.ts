/** What the fuzz server (../drivers/server.ts) registers, for the cases to aim at. */
export const FUZZ_TOOLS = ["echo", "structured", "plain"] as const;
export const FUZZ_RESOURCE = "file:///fuzz/readme.md";
export const FUZZ_TEMPLATE = "fuzz://items/{id}";
export const FUZZ_PROMPT = "greet";
