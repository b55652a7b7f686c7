/**
 * `policy.adopt` entries must name a resource of the snapshots: adopting something the desired
 * state does not list would take over a resource and then leave it unmanaged, and a typo would
 * silently keep the real one blocked.
 */
import type { ResourceKind } from './model.js';
import type { Problem } from './problem.js';
import { problemAt, type YamlFile } from './yamlFile.js';

/** The kinds whose marker stackshift can add (schemas/stackshift.schema.json says the same). */
const ADOPTABLE: readonly ResourceKind[] = ['network', 'subnet', 'router', 'security_group', 'image', 'flavor'];

export function checkAdoptions(file: YamlFile, names: Record<ResourceKind, Set<string>>, unreadable: Set<ResourceKind>, problems: Problem[]): void {
  const adopt = (file.value as { policy?: { adopt?: unknown } } | null)?.policy?.adopt;
  if (!Array.isArray(adopt)) return;
  adopt.forEach((entry: unknown, i) => {
    if (typeof entry !== 'string') return;
    const slash = entry.indexOf('/');
    const kind = entry.slice(0, slash) as ResourceKind;
    const name = entry.slice(slash + 1);
    // The schema already refused other kinds; an unreadable snapshot proves nothing.
    if (slash < 0 || !ADOPTABLE.includes(kind) || unreadable.has(kind) || names[kind].has(name)) return;
    const known = [...names[kind]].slice(0, 10).join(', ') || 'none';
    problems.push(problemAt(file, ['policy', 'adopt', i], `policy.adopt names ${kind} '${name}', which the snapshots do not list`, `adopt only what the desired state has; ${kind}s in the snapshots: ${known}`));
  });
}
