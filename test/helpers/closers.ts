/** Teardown for tests that open things (servers, clients, child processes, temporary directories). */
import { afterEach } from "vitest";

export type Closer = () => Promise<void> | void;

/**
 * A list a test pushes a closer onto for everything it opens; after each test every closer runs,
 * last opened first (a client before the server it talks to), and the list is emptied.
 */
export function closeAfterEach(): Closer[] {
  const closers: Closer[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return closers;
}
