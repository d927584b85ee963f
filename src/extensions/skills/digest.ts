/** SHA-256 digests of a skill's files, through Web Crypto (every runtime has it). */

/** `sha256:<64 lowercase hex>` of `bytes`. */
export async function sha256Digest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  let hex = "";
  for (const byte of hash) hex += byte.toString(16).padStart(2, "0");
  return `sha256:${hex}`;
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of a text file. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
