/**
 * Per-project quotas, one number per resource name (Neutron's 'network', 'port', ...; Nova's
 * 'instances', 'cores', 'ram'; Cinder's 'volumes', 'gigabytes'). -1 means unlimited, as in
 * OpenStack. Services count their own usage and raise their own error (Neutron 409 OverQuota,
 * Nova 403/413, Cinder 413) when `allows` says no.
 */
export class Quotas {
  private defaults = new Map<string, number>();
  private readonly perProject = new Map<string, Map<string, number>>();

  constructor(private readonly initialDefaults: Record<string, number> = {}) {
    this.reset();
  }
  /** Sets the default limit that applies to every project without its own value. */
  setDefault(resource: string, limit: number): void {
    this.defaults.set(resource, limit);
  }
  set(projectId: string, resource: string, limit: number): void {
    let m = this.perProject.get(projectId);
    if (!m) this.perProject.set(projectId, (m = new Map()));
    m.set(resource, limit);
  }
  limit(projectId: string, resource: string): number {
    return this.perProject.get(projectId)?.get(resource) ?? this.defaults.get(resource) ?? -1;
  }
  /** True when `inUse + requested` stays within the limit. */
  allows(projectId: string, resource: string, inUse: number, requested = 1): boolean {
    const limit = this.limit(projectId, resource);
    return limit < 0 || inUse + requested <= limit;
  }
  /** Every known limit for a project (defaults overlaid with its own values). */
  all(projectId: string): Record<string, number> {
    return { ...Object.fromEntries(this.defaults), ...Object.fromEntries(this.perProject.get(projectId) ?? []) };
  }
  reset(): void {
    this.defaults = new Map(Object.entries(this.initialDefaults));
    this.perProject.clear();
  }
}
