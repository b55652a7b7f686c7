/**
 * The clouds.yaml a simulator hands to clients: `src`/`dst` (a member of the first non-admin
 * project) and `src-admin`/`dst-admin` (an admin). Passwords are in it, as in any clouds.yaml;
 * the file is written with mode 0600 and never printed.
 */
import { stringify } from 'yaml';
import type { SimCloud } from './cloud.js';
import type { CloudScenario, UserSeed } from '../scenario.js';

export interface CloudEntry {
  auth: {
    auth_url: string;
    username: string;
    password: string;
    project_name: string;
    user_domain_name: string;
    project_domain_name: string;
  };
  region_name: string;
  interface: 'public';
  identity_api_version: 3;
}

const isAdmin = (u: UserSeed) => (u.roles ?? []).includes('admin');

function entry(cloud: SimCloud, user: UserSeed | undefined, role: string): CloudEntry {
  if (!user) throw new Error(`the ${cloud.name} scenario has no ${role} user, which clouds.yaml needs`);
  return {
    auth: {
      auth_url: cloud.endpoint('identity'),
      username: user.name,
      password: user.password,
      project_name: user.project,
      user_domain_name: 'Default',
      project_domain_name: 'Default',
    },
    region_name: cloud.region,
    interface: 'public',
    identity_api_version: 3,
  };
}

/** `{ src, src-admin, dst, dst-admin }` for the two clouds. */
export function cloudEntries(source: SimCloud, destination: SimCloud): Record<string, CloudEntry> {
  const pick = (s: CloudScenario) => ({ member: s.users.find((u) => !isAdmin(u)), admin: s.users.find(isAdmin) });
  const src = pick(source.scenario);
  const dst = pick(destination.scenario);
  return {
    src: entry(source, src.member, 'member'),
    'src-admin': entry(source, src.admin, 'admin'),
    dst: entry(destination, dst.member, 'member'),
    'dst-admin': entry(destination, dst.admin, 'admin'),
  };
}

export function renderCloudsYaml(entries: Record<string, CloudEntry>): string {
  return `# Written by stackshift sim: two simulated clouds on loopback.\n${stringify({ clouds: entries })}`;
}
