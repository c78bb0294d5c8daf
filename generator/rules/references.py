"""Phase 1: every name is unique and every reference points at something that exists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from difflib import get_close_matches

from ..model import Firewall, ManagementServer, StorageServer, Switch
from ..servers import Server, server_networks
from .catalogue import ERROR, Phase, rule
from .context import Context, Issue


def _suggest(name: str, known: Iterable[str]) -> str:
    close = get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "define it first, or correct the name"


def _device_names(ctx: Context) -> Iterator[tuple[object, str, str]]:
    """(object, field, name) of every named device: the node names of diagrams and tables."""
    d = ctx.design
    for site in d.sites:
        yield site, "name", site.name
    for sw in d.switches:
        yield sw, "name", sw.name
    for fw in d.firewalls:
        yield fw, "name", fw.name
    for srv in d.storage_servers:
        yield srv, "name", srv.name
    for ms in d.management.servers:
        yield ms, "name", ms.name
    if d.management.load_balancer:
        for i, lb_name in enumerate(d.management.load_balancer.names):
            yield d.management.load_balancer.names, i, lb_name  # type: ignore[misc]
    ms_names = {ms.name for ms in d.management.servers}
    for db in (d.management.database.primary, d.management.database.replica):
        if db is not None and db.name not in ms_names:  # a database named after a server runs on it
            yield db, "name", db.name
    for host in ctx.inventory.hosts:
        yield host.entry, "name", host.name


@rule("NAME-DUPLICATE", ERROR, "Names are unique",
      "Devices, zones, pods and clusters are referred to by name in CloudStack, in tables and on "
      "diagrams; CloudStack refuses a second zone with the same name (createZone).",
      Phase.references)
def duplicate_names(ctx: Context) -> Iterator[Issue]:
    seen: dict[str, object] = {}
    for obj, attr, name in _device_names(ctx):
        if name in seen and seen[name] is not obj:
            yield Issue(obj, attr, f"device name '{name}' is used twice", "give every device its own name")
        seen.setdefault(name, obj)
    zone_names: set[str] = set()
    for _, zone in ctx.inventory.zones():
        if zone.name in zone_names:
            yield Issue(zone, "name", f"zone name '{zone.name}' is used twice", "rename one of the zones")
        zone_names.add(zone.name)
        pods: set[str] = set()
        pod_ids: set[int] = set()
        pnets: set[str] = set()
        for pnet in zone.physical_networks:
            if pnet.name in pnets:
                yield Issue(pnet, "name", f"physical network '{pnet.name}' appears twice in zone {zone.name}",
                            "rename one of them")
            pnets.add(pnet.name)
        pools: set[str] = set()
        for pool in [*zone.primary_storage, *(p for pod in zone.pods for c in pod.clusters for p in c.primary_storage)]:
            if pool.name in pools:
                yield Issue(pool, "name", f"primary storage pool name '{pool.name}' is used twice in zone {zone.name}",
                            "give every primary storage pool of the zone its own name")
            pools.add(pool.name)
        stores: set[str] = set()
        for store in zone.secondary_storage:
            if store.name in stores:
                yield Issue(store, "name", f"secondary storage name '{store.name}' is used twice in zone {zone.name}",
                            "give every secondary storage of the zone its own name")
            stores.add(store.name)
        for pod in zone.pods:
            if pod.name in pods:
                yield Issue(pod, "name", f"pod name '{pod.name}' is used twice in zone {zone.name}",
                            "rename one of the pods")
            if pod.id in pod_ids:
                yield Issue(pod, "id", f"pod id {pod.id} is used twice in zone {zone.name}",
                            "give each pod its own id; ids key address allocation")
            pods.add(pod.name)
            pod_ids.add(pod.id)
            clusters: set[str] = set()
            owner: dict[int, object] = {}
            for cluster in pod.clusters:
                if cluster.name in clusters:
                    yield Issue(cluster, "name", f"cluster name '{cluster.name}' is used twice in pod {pod.name}",
                                "rename one of the clusters")
                clusters.add(cluster.name)
                for entry in cluster.hosts:
                    for host_id, _ in entry.names():
                        other = owner.get(host_id)
                        overriding = (other is not None and entry.count == 1
                                      and getattr(other, "count", 1) > 1 and other in cluster.hosts)
                        if other is not None and other is not entry and not overriding:
                            yield Issue(entry, "id", f"host id {host_id} in pod {pod.name} is used by two "
                                        "host entries", "host ids must be unique in a pod: shift 'id' of one "
                                        "entry past the other's range")
                            break
                        owner.setdefault(host_id, entry)


@rule("DEVICE-ID-DUPLICATE", ERROR, "Device ids are unique per kind",
      "A switch, firewall, storage server or management server with an 'id' takes that place in its "
      "kind's block of addresses on every network it is on; two with one id would claim one address.",
      Phase.references)
def duplicate_device_ids(ctx: Context) -> Iterator[Issue]:
    d = ctx.design
    kinds: list[tuple[str, Sequence[Switch | Firewall | StorageServer | ManagementServer]]] = [
        ("switch", d.switches), ("firewall", d.firewalls), ("storage server", d.storage_servers),
        ("management server", d.management.servers)]
    for kind, devices in kinds:
        owner: dict[int, str] = {}
        for device in devices:
            if device.id is None:
                continue
            other = owner.setdefault(device.id, device.name)
            if other != device.name:
                yield Issue(device, "id", f"{kind} id {device.id} of {device.name} is also the id of {other}",
                            f"give {device.name} an id no other {kind} has (ids key its addresses)")


@rule("REF-SITE", ERROR, "Sites referenced exist",
      "Each zone is one data centre; devices and networks are placed at a site.", Phase.references)
def site_refs(ctx: Context) -> Iterator[Issue]:
    d = ctx.design
    objs: list[object] = [*d.switches, *d.firewalls, *d.storage_servers, *d.management.servers,
                          d.management.database.primary]
    if d.management.load_balancer:
        objs.append(d.management.load_balancer)
    if d.management.database.replica:
        objs.append(d.management.database.replica)
    objs.extend(zone for _, zone in ctx.inventory.zones())
    objs.extend(net for net in d.networks.values() if net.site)
    for obj in objs:
        site = getattr(obj, "site")
        if site not in ctx.site_names:
            yield Issue(obj, "site", f"site '{site}' is not defined under 'sites'", _suggest(site, ctx.site_names))


def _network_refs(ctx: Context) -> Iterator[tuple[object, str | int, str]]:
    d = ctx.design
    for _, zone in ctx.inventory.zones():
        for pr in zone.public_ranges:
            yield pr, "network", pr.network
        for sn in zone.shared_networks:
            yield sn, "network", sn.network
        for pod in zone.pods:
            yield pod.management, "network", pod.management.network
            if pod.storage:
                yield pod.storage, "network", pod.storage.network
            for i, name in enumerate(pod.primary_storage_networks):
                yield pod.primary_storage_networks, i, name
            for gr in pod.guest_ranges:
                yield gr, "network", gr.network
    for ms in d.management.servers:
        yield ms, "network", ms.network
    if d.management.load_balancer:
        yield d.management.load_balancer, "network", d.management.load_balancer.network
    yield d.management.database.primary, "network", d.management.database.primary.network
    if d.management.database.replica:
        yield d.management.database.replica, "network", d.management.database.replica.network
    for sw in d.switches:
        if sw.management:
            yield sw.management, "network", sw.management.network
        for att in sw.interfaces:
            yield att, "network", att.network
    for fw in d.firewalls:
        for att in fw.interfaces:
            yield att, "network", att.network
    for srv in d.storage_servers:
        for att in srv.interfaces:
            yield att, "network", att.network
    for host in ctx.inventory.hosts:
        for name in host.entry.addresses:
            yield host.entry.addresses, name, name


@rule("REF-NETWORK", ERROR, "Networks referenced exist",
      "Every subnet is declared once under 'networks' and referred to by name.", Phase.references)
def network_refs(ctx: Context) -> Iterator[Issue]:
    known = set(ctx.design.networks)
    for obj, attr, name in _network_refs(ctx):
        if name not in known:
            yield Issue(obj, attr, f"network '{name}' is not defined under 'networks'", _suggest(name, known))


@rule("REF-PROFILE", ERROR, "Host profiles referenced exist",
      "Hosts take their NICs and hardware from a host profile.", Phase.references)
def profile_refs(ctx: Context) -> Iterator[Issue]:
    known = set(ctx.design.host_profiles)
    for pref in ctx.inventory.pods():
        for cluster in pref.pod.clusters:
            if cluster.profile not in known:
                yield Issue(cluster, "profile", f"host profile '{cluster.profile}' is not defined",
                            _suggest(cluster.profile, known))
            for entry in cluster.hosts:
                if entry.profile and entry.profile not in known:
                    yield Issue(entry, "profile", f"host profile '{entry.profile}' is not defined",
                                _suggest(entry.profile, known))


@rule("REF-STORAGE-SERVER", ERROR, "Storage servers referenced exist",
      "Primary and secondary storage is served by a storage server declared under 'storage_servers'.",
      Phase.references)
def storage_server_refs(ctx: Context) -> Iterator[Issue]:
    known = ctx.server_names
    for _, zone in ctx.inventory.zones():
        pools: list[object] = [*zone.primary_storage, *zone.secondary_storage]
        for pod in zone.pods:
            for cluster in pod.clusters:
                pools.extend(cluster.primary_storage)
        for pool in pools:
            server = getattr(pool, "server")
            if server and server not in known:
                yield Issue(pool, "server", f"storage server '{server}' is not defined under 'storage_servers'",
                            _suggest(server, known))


@rule("REF-SWITCH", ERROR, "Switch peers, pods and gateway owners exist",
      "Access switches come in pairs per pod; gateways live on a core switch or firewall.",
      Phase.references)
def switch_refs(ctx: Context) -> Iterator[Issue]:
    pods = {pref.pod.name for pref in ctx.inventory.pods()}
    by_name = {s.name: s for s in ctx.design.switches}
    for sw in ctx.design.switches:
        if sw.peer is not None:
            peer = by_name.get(sw.peer)
            if peer is None:
                yield Issue(sw, "peer", f"peer switch '{sw.peer}' is not defined", _suggest(sw.peer, by_name))
            elif peer.peer != sw.name:
                yield Issue(sw, "peer", f"{sw.name} names {peer.name} as its peer but {peer.name} "
                            f"does not name {sw.name}", f"set 'peer: {sw.name}' on {peer.name}")
        if sw.role.value in ("access", "storage") and (sw.pod is None or sw.pod not in pods):
            what = f"pod '{sw.pod}' is not defined" if sw.pod else f"{sw.role.value} switch has no pod"
            yield Issue(sw, "pod" if sw.pod else "role", what, "set 'pod:' to the pod this switch serves")
    owners = ctx.switch_names | {f.name for f in ctx.design.firewalls}
    for net in ctx.design.networks.values():
        if net.gateway_on and net.gateway_on not in owners:
            yield Issue(net, "gateway_on", f"gateway owner '{net.gateway_on}' is neither a switch nor a firewall",
                        _suggest(net.gateway_on, owners))


@rule("SWITCH-INTERFACES", ERROR, "Only core switches have routed interfaces, one per network",
      "Access and storage switches are layer 2 with one management address; a core switch routes and "
      "reaches the firewall through an interface on the transit network.", Phase.references)
def switch_interfaces(ctx: Context) -> Iterator[Issue]:
    for sw in ctx.design.switches:
        if sw.interfaces and sw.role.value != "core":
            yield Issue(sw, "interfaces", f"{sw.role.value} switch {sw.name} has routed interfaces, but only core "
                        "switches route", "move the interfaces to the site's core switches, or give this switch "
                        "its address under 'management'")
            continue
        seen: set[str] = set()
        for i, att in enumerate(sw.interfaces):
            if att.network in seen:
                yield Issue(sw.interfaces, i, f"switch {sw.name} has two interfaces on network {att.network}",
                            "keep one interface per network")
            elif sw.management is not None and att.network == sw.management.network:
                yield Issue(sw.interfaces, i, f"switch {sw.name} has an interface on network {att.network}, which "
                            "is its management network already", "remove the interface: the management address "
                            "is the switch's address on that network")
            seen.add(att.network)


@rule("SERVER-CABLING", ERROR, "Server NICs go to switches of their site and carry the server's networks",
      "The port plan cables a storage or management server NIC to a port of the switch it names, carrying "
      "the networks the server has addresses on.", Phase.references)
def server_cabling(ctx: Context) -> Iterator[Issue]:
    switches = {s.name: s for s in ctx.design.switches}
    db = ctx.design.management.database
    servers: list[Server] = [*ctx.design.management.servers, *ctx.design.storage_servers,
                             *(d for d in (db.primary, db.replica) if d is not None)]
    for server in servers:
        own = server_networks(ctx.design, server)
        names: set[str] = set()
        for nic in server.nics:
            sw = switches.get(nic.cabled_to)
            if sw is None:
                yield Issue(nic, "cabled_to", f"NIC {nic.name} of server {server.name} is cabled to '{nic.cabled_to}', "
                            "which is not a switch of the design", _suggest(nic.cabled_to, switches))
            elif sw.site != server.site:
                yield Issue(nic, "cabled_to", f"NIC {nic.name} of server {server.name} (site {server.site}) is cabled "
                            f"to {sw.name} at site {sw.site}", "cable it to a switch of the server's own site")
            for i, network in enumerate(nic.networks):
                if network not in own:
                    yield Issue(nic.networks, i, f"NIC {nic.name} of server {server.name} carries network "
                                f"{network}, where the server has no address (it has {', '.join(own)})",
                                "list only the server's own networks, or give it an address there")
            if nic.name in names:
                yield Issue(nic, "name", f"server {server.name} has two NICs named {nic.name}",
                            "give each NIC its own name")
            names.add(nic.name)


@rule("REF-INTERFACE", ERROR, "Host interfaces referenced exist in the profiles",
      "A physical network maps to a host NIC or bond; the traffic label is configured on it on every host.",
      Phase.references)
def interface_refs(ctx: Context) -> Iterator[Issue]:
    for name, profile in sorted(ctx.design.host_profiles.items()):
        nic_names = [n.name for n in profile.nics]
        for bond in profile.bonds:
            for member in bond.members:
                if member not in nic_names:
                    yield Issue(bond, "members", f"bond {bond.name} of profile {name} lists NIC '{member}' that "
                                "the profile does not have", _suggest(member, nic_names))
        for i, iface in enumerate(profile.primary_storage_interfaces):
            if iface not in profile.interface_names():
                yield Issue(profile.primary_storage_interfaces, i, f"primary-storage interface '{iface}' is "
                            f"not a NIC or bond of profile {name}", _suggest(iface, profile.interface_names()))
        dupes = {n for n in profile.interface_names() if profile.interface_names().count(n) > 1}
        for dup in sorted(dupes):
            yield Issue(profile, "nics", f"interface name '{dup}' appears twice in profile {name}",
                        "give each NIC and bond its own name")
    for _, zone in ctx.inventory.zones():
        profiles = {h.profile_name: h.profile for h in ctx.inventory.hosts if h.zone is zone and h.profile}
        for pnet in zone.physical_networks:
            for pname, profile in sorted(profiles.items()):
                if pnet.interface not in profile.interface_names():
                    yield Issue(pnet, "interface", f"physical network {pnet.name} uses host interface "
                                f"'{pnet.interface}', which profile {pname} does not have",
                                f"add it to profile {pname} or pick one of: {', '.join(profile.interface_names())}")
