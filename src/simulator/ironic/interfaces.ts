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
