/**
 * The conversion hosts of `stackshift sim`: the pairs of a stackshift.yaml started in-process
 * (fleet.ts) on the addresses and ports they name, a client key made for this run authorized on
 * every host, and `stackshift.sim.yaml` — that stackshift.yaml with privateKeyPath, devicesDir
 * and port set for this run — so another process (`stackshift apply`, `stackshift daemon`) can
 * copy volumes through them. The key and the copy are removed again by stop(), like clouds.yaml.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';
import { parseDocument } from 'yaml';
import type { ConversionHostPair } from '../../desired/model.js';
import { codes, StackshiftError, UsageError } from '../../errors.js';
import { pointPairsAtFleet, startConversionHostFleet, withDefaultPorts, type ConversionHostFleet } from './fleet.js';
import { newEd25519Key } from '../../ssh/ed25519Key.js';

type Side = 'source' | 'destination';
const SIDES = ['source', 'destination'] as const;
/** The comment of the generated key, and the first line of the copy: how a rerun knows it may replace them. */
const KEY_COMMENT = 'stackshift-sim';
const COPY_HEADER = '# Written by stackshift sim';
const DEVICES_MARKER = '.stackshift-sim';

export interface SimConversionHosts {
  fleet: ConversionHostFleet;
  keyPath: string;
  /** The adjusted stackshift.yaml. */
  configOut: string;
  stop(): Promise<void>;
}

/** Refuses (before anything starts) to overwrite a key, a stackshift.sim.yaml or a devices directory that a user made. */
export function assertReplaceable(keyPath: string, configOut: string, deviceRoot: string): void {
  if (existsSync(keyPath) && !isSimKey(keyPath)) {
    throw new UsageError(`${keyPath} exists and is not a key stackshift sim wrote; not replacing it`, 'pass --ssh-key-out with another path');
  }
  if (existsSync(configOut) && !readFileSync(configOut, 'utf8').startsWith(COPY_HEADER)) {
    throw new UsageError(`${configOut} exists and was not written by stackshift sim; not replacing it`, 'move it away or pass --clouds-out in another directory');
  }
  if (existsSync(deviceRoot) && !existsSync(join(deviceRoot, DEVICES_MARKER))) {
    throw new UsageError(`${deviceRoot} exists and was not made by stackshift sim; not using it`, 'move it away or pass --clouds-out in another directory');
  }
}

/**
 * The device root at a fixed path (next to clouds.yaml), emptied of a previous run's devices: so
 * the devicesDir a user commits keeps working when the simulator restarts. Removed by stop().
 */
export function claimDeviceRoot(deviceRoot: string): void {
  rmSync(deviceRoot, { recursive: true, force: true });
  mkdirSync(deviceRoot, { recursive: true });
  writeFileSync(join(deviceRoot, DEVICES_MARKER), 'made by stackshift sim; removed when it exits\n');
}

function isSimKey(path: string): boolean {
  const key = ssh2.utils.parseKey(readFileSync(path));
  return !(key instanceof Error) && key.comment === KEY_COMMENT;
}

/** The pairs as fleet.ts wants them: a side's port defaults to 22 as in stackshift's own loader. */
function readPairs(file: string): { doc: ReturnType<typeof parseDocument>; pairs: Pick<ConversionHostPair, 'name' | 'source' | 'destination'>[] } {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const raw = (doc.toJS() as { conversionHosts?: ConversionHostPair[] } | null)?.conversionHosts ?? [];
  const pairs = raw.map((p, i) => {
    for (const side of SIDES) {
      const h = p?.[side];
      if (typeof h?.server !== 'string' || typeof h.address !== 'string' || typeof h.hostKey !== 'string') {
        throw new UsageError(`${file}: conversionHosts[${i}].${side} needs server, address and hostKey`, `run \`stackshift validate\` on its repository`);
      }
    }
    return p;
  });
  return { doc, pairs: withDefaultPorts(pairs) };
}

/** A listen error (port taken, privileged, address not local) said as: which host, which port, what to do. */
function listenError(err: unknown, pairs: ReturnType<typeof readPairs>['pairs']): unknown {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (!['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes(e.code ?? '')) return err;
  const who = pairs.flatMap((p) => SIDES.map((side) => ({ pair: p.name, side, h: p[side] }))).find((x) => x.h.port === e.port && x.h.address === e.address);
  const host = who ? `${who.h.server} (${who.side} of pair ${who.pair})` : 'a conversion host';
  const why = { EADDRINUSE: 'the port is in use', EACCES: 'the port needs privileges', EADDRNOTAVAIL: 'the address is not on this machine' }[e.code as 'EACCES'];
  return new StackshiftError(codes.CONNECTION, `conversion host ${host} cannot listen on ${e.address}:${e.port}: ${why}`, {
    hint: 'free the port or change it in stackshift.yaml, pass --conversion-hosts-any-port (stackshift.sim.yaml then names the ports used), or --no-conversion-hosts',
    cause: err,
  });
}

export async function startSimConversionHosts(options: {
  stackshiftYaml: string;
  keyPath: string;
  configOut: string;
  devicesDir: Record<Side, string>;
  /** Home directories of the hosts. */
  workDir: string;
  anyPort: boolean;
}): Promise<SimConversionHosts> {
  const { doc, pairs } = readPairs(options.stackshiftYaml);
  // A fresh key per run: the hosts accept only this one, and nothing outlives the run.
  const key = newEd25519Key(KEY_COMMENT);
  mkdirSync(dirname(options.keyPath), { recursive: true });
  rmSync(options.keyPath, { force: true }); // writeFile's mode applies only to a new file
  writeFileSync(options.keyPath, key.private, { mode: 0o600 });
  writeFileSync(`${options.keyPath}.pub`, `${key.public}\n`);
  const removeFiles = () => [options.keyPath, `${options.keyPath}.pub`, options.configOut].forEach((f) => rmSync(f, { force: true }));
  let fleet: ConversionHostFleet;
  try {
    fleet = await startConversionHostFleet({ pairs, authorizedKey: key.public, devicesDir: options.devicesDir, workDir: options.workDir, anyPort: options.anyPort });
  } catch (err) {
    removeFiles();
    throw listenError(err, pairs);
  }
  pointPairsAtFleet(doc, pairs, fleet, options.keyPath, options.devicesDir);
  writeFileSync(options.configOut, `${COPY_HEADER} from ${options.stackshiftYaml} for this run: use it as your repository's stackshift.yaml\n${doc.toString({ lineWidth: 0 })}`);
  return {
    fleet,
    keyPath: options.keyPath,
    configOut: options.configOut,
    async stop() {
      await fleet.stop();
      removeFiles();
    },
  };
}
