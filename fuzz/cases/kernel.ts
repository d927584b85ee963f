/** Kernel fuzz cases: a message sequence (./messages.ts) and where to let the event loop turn while sending it. */
import fc from "fast-check";
import { anyMessageCase, type MessageCase } from "./messages.js";

export interface KernelCase extends MessageCase {
  /** Before which messages to let the event loop turn (otherwise all are sent in one burst). */
  pauses: boolean[];
}

export const kernelCase: fc.Arbitrary<KernelCase> = anyMessageCase().chain((c) =>
  fc
    .oneof(
      fc.constant(c.messages.map(() => false)),
      fc.array(fc.boolean(), { minLength: c.messages.length, maxLength: c.messages.length }),
    )
    .map((pauses) => ({ ...c, pauses })),
);
