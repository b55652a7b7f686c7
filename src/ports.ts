/**
 * Small interfaces through which the core reaches the world. Only src/wiring.ts builds the real
 * implementations; tests pass fakes. The core takes time as data through Clock.
 */
import type { OpenStackClient } from './executors/openstack/clientTypes.js';
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
  /** Diagnostic lines with structured fields (`--log-format json`); absent: `err` is used. */
  readonly log?: import('./log/lineLog.js').LogLine;
}

/**
 * The OpenStack clouds a desired state names (clouds.yaml entries in stackshift.yaml), declared
 * once: plan, apply, the daemon and workflow steps all take this set. The admin entries are
 * present when stackshift.yaml names them and they could be opened.
 */
export interface CloudSet {
  source: OpenStackClient;
  /** `source.adminCloud`: draining and removing compute nodes, reading other projects' names. */
  sourceAdmin?: OpenStackClient;
  destination: OpenStackClient;
  /** `destination.adminCloud`: public flavors, Ironic enrolment. */
  destinationAdmin?: OpenStackClient;
}

/** A cloud set that owns its connections. */
export interface CloudPorts extends CloudSet {
  close(): Promise<void>;
}

/** Opens (or reuses) the clouds one desired state's stackshift.yaml names. */
export type CloudOpener = (names: CloudNames) => Promise<CloudSet>;

export interface CloudNames {
  source: { cloud: string; adminCloud?: string };
  destination: { cloud: string; adminCloud?: string };
}

/**
 * SSH sessions to conversion hosts: the host key must be the pinned one, and the private key is
 * read from its path at the moment of use (never kept, never logged).
 */
export interface ConversionHostShells {
  open(host: import('./desired/configModel.js').ConversionHost, signal?: AbortSignal): Promise<import('./ssh/remoteShell.js').RemoteShell>;
}
