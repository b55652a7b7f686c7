/**
 * /servers/{id}/os-interface: the server's ports as Nova lists them (interfaceAttachments),
 * read from Neutron.
 */
import { ApiError } from '../core/errors.js';
import { json, type RouteTable } from '../core/router.js';
import { ports } from '../neutron/api.js';
import { visibleServer } from './store.js';

export function interfaceRoutes(t: RouteTable, p: string): void {
  t.get(`${p}/servers/{server_id}/os-interface`, (ctx) => {
    const s = visibleServer(ctx, ctx.params.server_id!);
    const attachments = s.portIds.map((id) => ports(ctx.cloud).get(id)).filter((x) => x !== undefined).map((port) => ({
      port_state: port.status,
      fixed_ips: port.fixed_ips.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })),
      port_id: port.id,
      net_id: port.network_id,
      mac_addr: port.mac_address,
    }));
    return json(200, { interfaceAttachments: attachments });
  });
  t.get(`${p}/servers/{server_id}/os-interface/{port_id}`, (ctx) => {
    const s = visibleServer(ctx, ctx.params.server_id!);
    const port = s.portIds.includes(ctx.params.port_id!) ? ports(ctx.cloud).get(ctx.params.port_id!) : undefined;
    if (!port) throw new ApiError(404, `Port ${ctx.params.port_id} is not attached`);
    return json(200, { interfaceAttachment: { port_state: port.status, fixed_ips: port.fixed_ips.map((f) => ({ subnet_id: f.subnet_id, ip_address: f.ip_address })), port_id: port.id, net_id: port.network_id, mac_addr: port.mac_address } });
  });
}
