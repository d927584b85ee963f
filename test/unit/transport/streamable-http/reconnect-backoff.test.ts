import { describe, expect, it } from "vitest";
import { reconnectDelay } from "../../../../src/transport/streamable-http/resumable-sse.js";

const fixed = (value: number) => () => value;

describe("reconnection backoff", () => {
  it("doubles from initialDelayMs up to the cap; jitter 0 gives exactly that", () => {
    const limits = { initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 };
    const waits = [1, 2, 3, 4, 5, 6].map((tries) => reconnectDelay(tries, undefined, limits, Math.random));
    expect(waits).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(reconnectDelay(0, undefined, limits, Math.random)).toBe(100);
  });

  it("draws each backoff wait from [(1 - jitter) x delay, delay], never above the cap", () => {
    const limits = { initialDelayMs: 100, maxDelayMs: 1000 };
    expect(reconnectDelay(3, undefined, limits, fixed(0))).toBe(400);
    expect(reconnectDelay(3, undefined, limits, fixed(0.999999))).toBeCloseTo(200, 3);
    expect(reconnectDelay(9, undefined, { ...limits, jitter: 1 }, fixed(0.5))).toBe(500);
    for (let tries = 1; tries < 40; tries++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
        const wait = reconnectDelay(tries, undefined, limits, fixed(r));
        expect(wait).toBeLessThanOrEqual(1000);
        expect(wait).toBeGreaterThan(0);
      }
    }
  });

  it("spreads a fleet out, at the cap too: clients that lost their streams together come back apart", () => {
    const limits = { initialDelayMs: 1000, maxDelayMs: 30_000 };
    for (const tries of [1, 3, 10]) {
      const waits = Array.from({ length: 1000 }, () => reconnectDelay(tries, undefined, limits, Math.random));
      const ceiling = Math.min(30_000, 1000 * 2 ** (tries - 1));
      expect(new Set(waits).size).toBeGreaterThan(990);
      expect(Math.max(...waits) - Math.min(...waits)).toBeGreaterThan(0.4 * ceiling);
      expect(Math.max(...waits)).toBeLessThanOrEqual(ceiling);
      // No more than a tenth of the fleet within any 5% of the window.
      const sorted = [...waits].sort((a, b) => a - b);
      for (let i = 0; i + 100 < sorted.length; i++) {
        expect((sorted[i + 100] as number) - (sorted[i] as number)).toBeGreaterThan(0.025 * ceiling);
      }
    }
  });

  it("waits at least the server's retry, spread above it", () => {
    const limits = { maxDelayMs: 30_000 };
    expect(reconnectDelay(1, 2000, limits, fixed(0))).toBe(2000);
    expect(reconnectDelay(1, 2000, limits, fixed(1))).toBe(3000);
    expect(reconnectDelay(1, 2000, { ...limits, jitter: 0 }, fixed(1))).toBe(2000);
    // A retry above the cap is still honoured (the server asked for it), without growing further.
    expect(reconnectDelay(1, 60_000, limits, fixed(1))).toBe(60_000);
    const waits = Array.from({ length: 500 }, () => reconnectDelay(1, 1000, limits, Math.random));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1500);
    expect(new Set(waits).size).toBeGreaterThan(490);
  });
});
