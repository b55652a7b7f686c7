/**
 * The interfaces Ironic gives a node it enrols. Its conductor fills every interface the request
 * does not name with the hardware type's default (driver_factory.check_and_update_node_interfaces
 * on create_node): the first interface the type supports that ironic.conf enables, the network
 * one from default_network_interface. A real node never reads back a null interface, and clients
 * (`openstack baremetal node show`, stackshift's own checks) see which boot, power and management
 * interfaces it will use.
 *
 * The simulated conductor's ironic.conf: enabled_hardware_types = ipmi,redfish,fake-hardware,
 * Ironic's default enabled_*_interfaces with `fake` added for fake-hardware, and
 * default_network_interface = noop (no Neutron-managed provisioning network), as the conformance
 * harness's (../shared/openstack/up.sh). fake-hardware's defaults are those its Ironic reads back
 * (test/fixtures/openstack/baremetal/node-create.json).
 */
import type { INTERFACE_FIELDS } from './model.js';

type InterfaceField = (typeof INTERFACE_FIELDS)[number];

/** What every hardware type here shares (Ironic's GenericHardware, filtered by the enabled lists). */
const GENERIC: Partial<Record<InterfaceField, string>> = {
  bios_interface: 'no-bios',
  boot_interface: 'ipxe',
  console_interface: 'no-console',
  deploy_interface: 'direct',
  inspect_interface: 'no-inspect',
  network_interface: 'noop',
  raid_interface: 'no-raid',
  rescue_interface: 'no-rescue',
  storage_interface: 'noop',
};

const DEFAULTS: Record<string, Partial<Record<InterfaceField, string>>> = {
  ipmi: { ...GENERIC, management_interface: 'ipmitool', power_interface: 'ipmitool', vendor_interface: 'ipmitool' },
  redfish: { ...GENERIC, management_interface: 'redfish', power_interface: 'redfish', vendor_interface: 'redfish' },
  'fake-hardware': {
    bios_interface: 'fake', boot_interface: 'fake', console_interface: 'fake', deploy_interface: 'fake', inspect_interface: 'fake',
    management_interface: 'fake', network_interface: 'noop', power_interface: 'fake', raid_interface: 'fake', rescue_interface: 'fake',
    storage_interface: 'noop', vendor_interface: 'fake',
  },
};

/** The interface `field` of a node of hardware type `driver` when the request names none (null: beyond our microversions). */
export function defaultInterface(driver: string, field: InterfaceField): string | null {
  return DEFAULTS[driver]?.[field] ?? null;
}

/**
 * The simulated ironic.conf's enabled_*_interfaces (Ironic's defaults of the 1.82 era, plus `fake`):
 * the implementations its entry points load, whatever the hardware type.
 */
const ENABLED: Partial<Record<InterfaceField, string[]>> = {
  bios_interface: ['fake', 'no-bios'],
  boot_interface: ['fake', 'ipxe', 'pxe', 'redfish-virtual-media'],
  console_interface: ['fake', 'no-console'],
  deploy_interface: ['direct', 'fake', 'ramdisk'],
  inspect_interface: ['fake', 'no-inspect'],
  management_interface: ['fake', 'ipmitool', 'redfish'],
  network_interface: ['flat', 'noop'],
  power_interface: ['fake', 'ipmitool', 'redfish'],
  raid_interface: ['agent', 'fake', 'no-raid'],
  rescue_interface: ['fake', 'no-rescue'],
  storage_interface: ['cinder', 'noop'],
  vendor_interface: ['fake', 'ipmitool', 'no-vendor', 'redfish'],
};

/** supported_*_interfaces of GenericHardware and of ironic/drivers/ipmi.py and redfish.py, as far as enabled. */
const GENERIC_SUPPORT: Partial<Record<InterfaceField, string[]>> = {
  bios_interface: ['no-bios'], boot_interface: ['ipxe', 'pxe'], console_interface: ['no-console'], deploy_interface: ['direct', 'ramdisk'],
  inspect_interface: ['no-inspect'], network_interface: ['flat', 'noop'], raid_interface: ['no-raid', 'agent'],
  rescue_interface: ['no-rescue'], storage_interface: ['noop', 'cinder'],
};
const SUPPORTED: Record<string, Partial<Record<InterfaceField, string[]>>> = {
  ipmi: { ...GENERIC_SUPPORT, management_interface: ['ipmitool'], power_interface: ['ipmitool'], vendor_interface: ['ipmitool', 'no-vendor'] },
  redfish: {
    ...GENERIC_SUPPORT, boot_interface: ['ipxe', 'pxe', 'redfish-virtual-media'],
    management_interface: ['redfish'], power_interface: ['redfish'], vendor_interface: ['redfish', 'no-vendor'],
  },
};
const HARDWARE_CLASS: Record<string, string> = { ipmi: 'IPMIHardware', redfish: 'RedfishHardware', 'fake-hardware': 'FakeHardware' };

/**
 * Why `name` cannot be the `field` of a node of hardware type `driver`, or undefined when it can
 * (driver_factory.get_interface: InterfaceNotFoundInEntrypoint when no entry point loads it,
 * IncompatibleInterface when the type does not support it; FakeHardware takes any loaded one).
 */
export function interfaceProblem(driver: string, field: InterfaceField, name: string): string | undefined {
  const kind = field.replace(/_interface$/, '');
  const enabled = ENABLED[field] ?? [];
  if (!enabled.includes(name)) {
    return `Could not find the following interface in the 'ironic.hardware.interfaces.${kind}' entrypoint: ${name}. Valid interfaces are [${enabled.map((e) => `'${e}'`).join(', ')}].`;
  }
  if (driver === 'fake-hardware' || SUPPORTED[driver]?.[field]?.includes(name)) return undefined;
  // Ironic formats the implementation object itself here; its entry-point name says the same.
  return `${kind} interface implementation '${name}' is not supported by hardware type ${HARDWARE_CLASS[driver] ?? driver}.`;
}
