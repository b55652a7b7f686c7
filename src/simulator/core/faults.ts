/**
 * Fault injection per route (controller-runtime's interceptor.Funcs, moto's state manager).
 * A rule matches requests by service, method and route, then does one or more of:
 *   latencyMs  wait (wall-clock) before handling — exercises client timeouts
 *   status     answer with this status and the service's own error body
 *   reset      destroy the socket without answering (ECONNRESET at the client)
 * and applies `times` times (1 = one-shot; default: until removed) with probability `rate`
 * (drawn from the cloud's seeded PRNG, so a flaky run is reproducible).
 */
import type { Prng } from './ids.js';

export interface FaultSpec {
  /** Service module name ('keystone', 'neutron', 'nova', ...); any service when absent. */
  service?: string;
  /** HTTP method; any when absent. */
  method?: string;
  /** Route template as registered ('/v2.0/networks/{network_id}') or a RegExp on the request path; any when absent. */
  route?: string | RegExp;
  status?: number;
  /** Message for the error body (default: a generic one for the status). */
  message?: string;
  latencyMs?: number;
  reset?: boolean;
  /** How many matching requests to affect; unlimited when absent. */
  times?: number;
  /** Probability in [0, 1] that a matching request is affected; 1 when absent. */
  rate?: number;
}

export interface FaultHandle {
  readonly id: number;
  /** How many requests this rule has affected so far. */
  readonly hits: number;
  remove(): void;
}

interface Rule {
  id: number;
  spec: FaultSpec;
  hits: number;
}

export class FaultInjector {
  private rules: Rule[] = [];
  private nextId = 1;

  constructor(private readonly chance: () => Prng) {}

  /** Adds a rule; rules are checked in order and the first that fires wins. */
  inject(spec: FaultSpec): FaultHandle {
    const rule: Rule = { id: this.nextId++, spec, hits: 0 };
    this.rules.push(rule);
    const remove = () => {
      this.rules = this.rules.filter((r) => r !== rule);
    };
    return {
      id: rule.id,
      get hits() {
        return rule.hits;
      },
      remove,
    };
  }
  clear(): void {
    this.rules = [];
  }
  /** Called by the core for each request; returns the fault to apply, if any, and counts it. */
  take(service: string, method: string, route: string, path: string): FaultSpec | undefined {
    for (const rule of this.rules) {
      const { spec } = rule;
      if (spec.service !== undefined && spec.service !== service) continue;
      if (spec.method !== undefined && spec.method.toUpperCase() !== method) continue;
      if (spec.route !== undefined) {
        const hit = typeof spec.route === 'string' ? spec.route === route || spec.route === path : spec.route.test(path);
        if (!hit) continue;
      }
      if (spec.rate !== undefined && this.chance().next() >= spec.rate) continue;
      rule.hits++;
      if (spec.times !== undefined && rule.hits >= spec.times) this.rules = this.rules.filter((r) => r !== rule);
      return spec;
    }
    return undefined;
  }
}
