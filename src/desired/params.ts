/**
 * OS-Migrate `params` of each snapshot kind, with OS-Migrate's field names exactly (see
 * schemas/snapshot/*.schema.json for what each field means). Re-exported by model.ts.
 */

/** An OS-Migrate name reference. */
export interface Ref {
  name: string;
  project_name?: string | null;
  domain_name?: string | null;
}

/** A fixed IP on a subnet, as in router interfaces and server ports. */
export interface FixedIpRef {
  ip_address?: string | null;
  subnet_ref: Ref;
}

export interface NetworkParams {
  name: string;
  description?: string | null;
  mtu?: number | null;
  is_admin_state_up?: boolean | null;
  is_port_security_enabled?: boolean | null;
  is_router_external?: boolean | null;
  is_shared?: boolean | null;
  is_default?: boolean | null;
  is_vlan_transparent?: boolean | null;
  availability_zone_hints?: string[] | null;
  dns_domain?: string | null;
  provider_network_type?: string | null;
  provider_physical_network?: string | null;
  provider_segmentation_id?: number | null;
  segments?: Record<string, unknown>[] | null;
  qos_policy_ref?: Ref | null;
  tags?: string[] | null;
}

export interface AllocationPool {
  start: string;
  end: string;
}

export interface HostRoute {
  destination: string;
  nexthop: string;
}

export interface SubnetParams {
  name: string;
  cidr: string;
  ip_version: 4 | 6;
  network_ref: Ref;
  description?: string | null;
  gateway_ip?: string | null;
  allocation_pools?: AllocationPool[] | null;
  dns_nameservers?: string[] | null;
  host_routes?: HostRoute[] | null;
  is_dhcp_enabled?: boolean | null;
  ipv6_address_mode?: string | null;
  ipv6_ra_mode?: string | null;
  service_types?: string[] | null;
  use_default_subnet_pool?: boolean | null;
  segment_ref?: Ref | null;
  subnet_pool_ref?: Ref | null;
  tags?: string[] | null;
}

export interface RouterParams {
  name: string;
  description?: string | null;
  is_admin_state_up?: boolean | null;
  is_distributed?: boolean | null;
  is_ha?: boolean | null;
  availability_zone_hints?: string[] | null;
  /**
   * The external gateway network (e.g. `public`); it must already exist in the destination.
   * `enable_snat` and `external_fixed_ips` are written by stackshift's export (OS-Migrate keeps
   * them only in `_info`): kept where the destination allows (see src/resources/routerGateway.ts).
   */
  external_gateway_refinfo?: { network_ref: Ref | null; enable_snat?: boolean | null; external_fixed_ips?: { ip_address: string }[] | null } | null;
  flavor_ref?: Ref | null;
  tags?: string[] | null;
}

export interface RouterInterfaceParams {
  /** The router, as `device_ref`. */
  device_ref: Ref;
  network_ref: Ref;
  fixed_ips_refs: FixedIpRef[];
  device_owner?: string | null;
  /** The interface port's name (stackshift's export; absent in OS-Migrate's): kept in the destination. */
  name?: string | null;
}

export interface SecurityGroupParams {
  name: string;
  description?: string | null;
  /** False for a stateless group (Neutron's stateful-security-group); absent means stateful. */
  stateful?: boolean;
}

export interface SecurityGroupRuleParams {
  security_group_ref: Ref;
  direction: 'ingress' | 'egress';
  ether_type: 'IPv4' | 'IPv6';
  protocol?: string | null;
  port_range_min?: number | null;
  port_range_max?: number | null;
  remote_ip_prefix?: string | null;
  remote_group_ref?: Ref | null;
  description?: string | null;
}

export interface ImageParams {
  name: string;
  disk_format: string;
  container_format: string;
  min_disk?: number | null;
  min_ram?: number | null;
  visibility?: 'public' | 'private' | 'shared' | 'community' | null;
  is_protected?: boolean | null;
  /** Free-form Glance properties (`os_distro`, ...); `self` and `stores` are never here. */
  properties?: Record<string, unknown> | null;
  kernel_ref?: Ref | null;
  ramdisk_ref?: Ref | null;
  /** The other ~35 typed Glance fields OS-Migrate exports (architecture, hw_*, os_*, ...). */
  [glanceField: string]: unknown;
  /** Glance tags; stackshift's export writes them (OS-Migrate 1.0.5 drops them). */
  tags?: string[] | null;
}

export interface FlavorParams {
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral?: number | null;
  swap?: number | null;
  rxtx_factor?: number | null;
  is_public?: boolean | null;
  description?: string | null;
  extra_specs?: Record<string, string> | null;
}

export interface KeypairParams {
  name: string;
  public_key: string;
  type?: 'ssh' | 'x509' | null;
  user_ref?: Ref | null;
}

/** OS-Migrate's `openstack.network.ServerVolume` (detached volumes and a server's volumes). */
export interface VolumeParams {
  name: string;
  description?: string | null;
  availability_zone?: string | null;
  volume_type?: string | null;
  volume_image_metadata?: Record<string, unknown> | null;
}

/** A volume nested in a server, with its own `_info` (size, bootable, attachments). */
export interface ServerVolume {
  type: 'openstack.network.ServerVolume';
  params: VolumeParams;
  info: Record<string, unknown>;
}

export interface ServerPortParams {
  network_ref: Ref;
  fixed_ips_refs?: FixedIpRef[] | null;
  mac_address?: string | null;
  binding_profile?: Record<string, unknown> | null;
  binding_vnic_type?: string | null;
}

export interface ServerPort {
  type: 'openstack.network.ServerPort';
  params: ServerPortParams;
  info: Record<string, unknown>;
}

export interface ServerFloatingIpParams {
  floating_ip_address?: string | null;
  fixed_ip_address?: string | null;
  floating_network_ref?: Ref | null;
  qos_policy_ref?: Ref | null;
  description?: string | null;
  dns_domain?: string | null;
  dns_name?: string | null;
}

export interface ServerFloatingIp {
  type: 'openstack.network.ServerFloatingIP';
  params: ServerFloatingIpParams;
  info: Record<string, unknown>;
}

export interface ServerParams {
  name: string;
  flavor_ref: Ref;
  /** null when the server boots from a volume. */
  image_ref?: Ref | null;
  ports: ServerPort[];
  volumes?: ServerVolume[];
  floating_ips?: ServerFloatingIp[];
  security_group_refs?: Ref[] | null;
  /** Plain keypair name, as Nova takes it. */
  key_name?: string | null;
  availability_zone?: string | null;
  description?: string | null;
  config_drive?: boolean | string | null;
  disk_config?: string | null;
  metadata?: Record<string, string> | null;
  tags?: string[] | null;
  user_data?: string | null;
  scheduler_hints?: Record<string, unknown> | null;
}
