/**
 * Base64 and Base64url with web-standard APIs only (`btoa`/`atob`, `TextEncoder`/`TextDecoder`),
 * so that every runtime (Node.js, Deno, Bun, workerd, browsers) runs the same code.
 */

const CHUNK = 0x8000;

/** Bytes as standard Base64 (with padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return btoa(binary);
}

/** Bytes as Base64url without padding. */
export function bytesToBase64url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Standard Base64 (padding optional) or Base64url as bytes. Throws on characters outside either
 * alphabet, as `atob` does.
 */
export function base64ToBytes(text: string): Uint8Array {
  let standard = text.replace(/-/g, "+").replace(/_/g, "/");
  const remainder = standard.length % 4;
  if (remainder === 1) throw new SyntaxError("invalid Base64 length");
  if (remainder) standard += "=".repeat(4 - remainder);
  const binary = atob(standard);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** A string's UTF-8 bytes as Base64. */
export function utf8ToBase64(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}
