"""Everything the runbook's phases read: the design, its inventory, addresses, ports, exports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from ipaddress import IPv4Address, IPv4Network, collapse_addresses

from ..data.releases import release
from ..export import ZoneExport
from ..host_configs import HostNetwork
from ..inventory import Host, Inventory
from ..model import Cluster, Design, Hypervisor, ManagementServer, Network, Pod, Region, Switch, Zone
from ..model.management import DatabaseServer
from ..plan.types import AddressPlan, Allocation
from ..ports.types import PortPlan
from .osinfo import OsInfo, os_info


def cidr_key(text: str) -> tuple[int, ...]:
    """Sort key of a CIDR or address text, numeric."""
    return tuple(int(x) for x in text.replace("/", ".").split("."))


def merged_cidrs(cidrs: list[str]) -> list[str]:
    """The same addresses in as few networks as they merge into (adjacent /22s into a /21 ...), in address
    order: what a firewall rule per network admits is unchanged."""
    return list(_merged(frozenset(cidrs)))


@lru_cache(maxsize=256)
def _merged(cidrs: frozenset[str]) -> tuple[str, ...]:
    """``merged_cidrs``, once per set: every cluster's firewall step merges its zone's pod networks (clusters ×
    pods networks merged, a tenth of a 7,500-host runbook, before)."""
    return tuple(str(n) for n in collapse_addresses(IPv4Network(c, strict=False) for c in cidrs))


@dataclass(frozen=True)
class ClusterRef:
    region: Region
    zone: Zone
    pod: Pod
    cluster: Cluster


@dataclass
class RunbookContext:
    title: str
    slug: str
    source: str
    design: Design
    inventory: Inventory
    address_plan: AddressPlan
    ports: PortPlan | None
    export: ZoneExport
    host_networks: dict[str, HostNetwork]

    # --- addresses ------------------------------------------------------------------------
    def ip(self, device: str, network: str) -> IPv4Address | None:
        """The address of ``device`` on ``network``, as the address plan has it."""
        return self.address_plan.address(device, network)

    def address_text(self, device: str, network: str) -> str:
        """The address of ``device`` on ``network`` as the runbook prints it, or why there is none."""
        found = self.ip(device, network)
        return str(found) if found is not None else f"(no address for {device} on {network})"

    @cached_property
    def allocations(self) -> dict[str, list[Allocation]]:
        """Each device's own addresses (no ranges), indexed once: large designs have thousands of hosts."""
        out: dict[str, list[Allocation]] = {}
        for a in self.address_plan.allocations:
            if not a.is_range:
                out.setdefault(a.device, []).append(a)
        return out

    def network(self, name: str) -> Network:
        return self.design.networks[name]

    def with_prefix(self, device: str, network: str) -> str:
        return f"{self.address_text(device, network)}/{self.network(network).cidr.prefixlen}"

    def switch_ip(self, switch: Switch) -> IPv4Address | None:
        """The address a switch is managed on, as its configuration sets it: its address on its
        management network in the plan (its own, or the gateway or VRRP address where it routes that
        network); none for member 2 of a StackWise Virtual pair, managed as member 1."""
        if switch.management is None:
            return None
        return self.address_plan.address(switch.name, switch.management.network)

    def host_ip(self, host: Host) -> str:
        return self.address_text(host.name, host.pod.management.network)

    # --- management plane -----------------------------------------------------------------
    @property
    def servers(self) -> list[ManagementServer]:
        return list(self.design.management.servers)

    @property
    def active_servers(self) -> list[ManagementServer]:
        return [ms for ms in self.servers if not ms.standby]

    def ms_ip(self, ms: ManagementServer) -> str:
        return self.address_text(ms.name, ms.network)

    def domain(self, site: str) -> str:
        """The DNS domain of a site: its zone's (a zone of another site when it has none), or ''."""
        zones = [z for _, z in self.inventory.zones() if z.domain]
        here = [z for z in zones if z.site == site]
        return (here or zones)[0].domain if zones else ""

    def fqdn(self, ms: ManagementServer) -> str:
        """The management server's fully qualified name (``hostname --fqdn`` must return one)."""
        domain = self.domain(ms.site)
        return f"{ms.name}.{domain}" if domain else f"{ms.name}.<your domain>"

    @property
    def ms_cidrs(self) -> list[str]:
        """The networks the management servers sit in."""
        return sorted({str(self.network(ms.network).cidr) for ms in self.servers}, key=cidr_key)

    def pod_cidrs(self, zone: Zone | None = None) -> list[str]:
        """The pods' management networks (of one zone, or of all): where agents and system VMs live."""
        return list(self._pod_cidrs.get(id(zone) if zone is not None else None, []))

    @cached_property
    def _pod_cidrs(self) -> dict[int | None, list[str]]:
        """pod_cidrs by zone (``id``) and for every zone (None), computed once: each cluster's steps ask."""
        found: dict[int | None, set[str]] = {None: set()}
        for p in self.inventory.pods():
            cidr = str(self.network(p.pod.management.network).cidr)
            found.setdefault(id(p.zone), set()).add(cidr)
            found[None].add(cidr)
        return {zone: sorted(cidrs, key=cidr_key) for zone, cidrs in found.items()}

    def ms_os(self, ms: ManagementServer) -> OsInfo:
        return os_info(ms.os)

    def db_ip(self, db: DatabaseServer) -> str:
        return self.address_text(db.name, db.network)

    def db_host(self, db: DatabaseServer) -> ManagementServer | None:
        """The management server the database runs on, when it shares its name."""
        return next((ms for ms in self.servers if ms.name == db.name), None)

    def db_os(self, db: DatabaseServer) -> OsInfo:
        host = self.db_host(db)
        return os_info((host or self.servers[0]).os)

    @property
    def api_host(self) -> str:
        address = self.export.api_address
        return str(address) if address is not None else self.ms_ip(self.servers[0])

    @property
    def api_url(self) -> str:
        return f"http://{self.api_host}:8080/client/api"

    # --- versions -------------------------------------------------------------------------
    @property
    def version(self) -> str:
        """Repository version: major.minor of the design's CloudStack version."""
        return ".".join(self.design.deployment.cloudstack_version.split(".")[:2])

    @property
    def template_version(self) -> str:
        """The release's system VM templates (releases.yml), else major.minor.0."""
        found = release(self.design.deployment.cloudstack_version)
        return found.template_version if found else f"{self.version}.0"

    # --- topology -------------------------------------------------------------------------
    @cached_property
    def clusters(self) -> list[ClusterRef]:
        return [ClusterRef(p.region, p.zone, p.pod, c) for p in self.inventory.pods() for c in p.pod.clusters]

    def clusters_of(self, hypervisor: Hypervisor) -> list[ClusterRef]:
        return [c for c in self.clusters if c.cluster.hypervisor is hypervisor]

    @cached_property
    def hypervisors(self) -> list[Hypervisor]:
        return sorted({c.cluster.hypervisor for c in self.clusters}, key=lambda h: h.value)

    def hosts_of(self, cluster: Cluster) -> list[Host]:
        return self.inventory.hosts_of(cluster)
