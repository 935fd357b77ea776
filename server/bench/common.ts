// Values shared by the orchestrator (run.ts) and the server process (host.ts).
export const BENCH_EMAIL = 'bench-supporter@bench.example.jp';
export const BENCH_PASSWORD = 'bench-password-not-secret-2026';
/** The server's default DB_POOL_SIZE; the driver-alone run uses the same pool. */
export const POOL_SIZE = 10;

export interface LatencyStats {
  count: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

export function statsOf(latencies: number[], durationMs: number, errors = 0): LatencyStats {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : 0;
  return {
    count: sorted.length,
    perSecond: (sorted.length / durationMs) * 1000,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    errors,
  };
}
