/**
 * Small interfaces through which the core reaches the world. Only src/wiring.ts builds the real
 * implementations; tests pass fakes. The core takes time as data through Clock.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Where a command writes for a human (stdout) and for diagnostics (stderr). */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal, so progress bars may be drawn. */
  readonly interactive: boolean;
}
