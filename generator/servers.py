"""Storage and management servers on the switches: which networks each server NIC carries.

A server NIC names the switch it is cabled to (``cabled_to``) and, optionally, which of the
server's networks it carries; the switch hands its ``server_ports`` out in order: servers by
``id``, then name (management and storage servers together), and each server's NICs in the
order listed. A database server on a machine of its own is cabled like a management server (its ``nics``). A server
without NICs is not cabled by the port plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import DatabaseServer, Design, ManagementServer, ServerNic, StorageServer

Server = StorageServer | ManagementServer | DatabaseServer

_NO_ID = 4097  # after every device id


@dataclass(frozen=True)
class ServerLink:
    """One server NIC to cable: the server, its kind of traffic and the networks on the NIC."""

    server: Server
    traffic: str  # management (management servers, with their database) or storage
    nic: ServerNic
    index: int  # the NIC's position in the server's list
    networks: tuple[str, ...]


def server_networks(design: Design, server: Server) -> list[str]:
    """Every network the server has an address on, in design order."""
    if isinstance(server, StorageServer):
        return list(dict.fromkeys(a.network for a in server.interfaces))
    if isinstance(server, DatabaseServer):
        return [server.network]
    db = design.management.database
    on_server = [d.network for d in (db.primary, db.replica) if d is not None and d.name == server.name]
    return list(dict.fromkeys([server.network, *on_server]))


def server_links(design: Design) -> list[ServerLink]:
    """Every server NIC to cable, in the order the switches hand out their server ports."""
    db = design.management.database
    own_machines = {s.name for s in design.management.servers}
    databases = [d for d in (db.primary, db.replica) if d is not None and d.name not in own_machines]
    servers: list[Server] = [*design.management.servers, *design.storage_servers, *databases]
    out: list[ServerLink] = []
    for server in sorted(servers, key=lambda s: (getattr(s, "id", None) or _NO_ID, s.name)):
        traffic = "storage" if isinstance(server, StorageServer) else "management"
        own = server_networks(design, server)
        for index, nic in enumerate(server.nics):
            networks = tuple(n for n in own if not nic.networks or n in nic.networks)
            out.append(ServerLink(server, traffic, nic, index, networks))
    return out
