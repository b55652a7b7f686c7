/**
 * A node's baseboard management controller, as node reclaim uses it before Ironic owns the node:
 * the power state, the next boot device, and power actions. One implementation per protocol
 * (ipmitool.ts, redfish.ts); openBmc in index.ts picks by the driver reclaim.yaml names.
 */
export type PowerState = 'on' | 'off';
export type PowerAction = 'on' | 'off' | 'cycle' | 'reset';

export interface Bmc {
  /** e.g. "ipmi 127.0.0.1:6230" or "redfish https://10.0.0.5/redfish/v1/Systems/1" — never a secret. */
  readonly label: string;
  powerState(signal?: AbortSignal): Promise<PowerState>;
  /** The boot device the BMC will boot next ('pxe', 'disk', 'none', ...), read back from the BMC. */
  bootDevice(signal?: AbortSignal): Promise<string>;
  setBootDevice(device: 'pxe', signal?: AbortSignal): Promise<void>;
  power(action: PowerAction, signal?: AbortSignal): Promise<void>;
  /** Ends what the client holds on the BMC (a Redfish login session); safe to call more than once. */
  close(): Promise<void>;
}
