/**
 * The BMC of a node by the protocol reclaim.yaml names: IPMI through the real ipmitool (as
 * Ironic's ipmi hardware type runs it) or Redfish over HTTPS.
 */
import type { BmcConfig } from '../../desired/configModel.js';
import { ipmitoolBmc } from './ipmitool.js';
import { readBmcPassword } from './password.js';
import { redfishBmc } from './redfish.js';
import type { Bmc } from './types.js';

export interface OpenBmcOptions {
  warn?(line: string): void;
  env?: NodeJS.ProcessEnv;
  /** The ipmitool binary (default: `ipmitool` on PATH). */
  ipmitool?: string;
}

export function openBmc(host: string, bmc: BmcConfig, options: OpenBmcOptions = {}): Bmc {
  const password = () => readBmcPassword(host, bmc, options.env);
  if (bmc.driver === 'ipmi') return ipmitoolBmc(host, bmc, password, options.ipmitool ? { binary: options.ipmitool } : {});
  return redfishBmc(host, bmc, password, options.warn ? { warn: options.warn } : {});
}

export type { Bmc, PowerAction, PowerState } from './types.js';
