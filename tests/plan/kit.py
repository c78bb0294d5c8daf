"""Designs for the planner tests, built from small specs, and the invariants every plan must keep.

A ``Spec`` says how many pods, which host ids, which networks; ``Spec.data()`` turns it into a
design dict (as YAML would give), ``plan_of`` validates it into the typed model and plans it.
Hypothesis strategies in ``test_properties.py`` draw specs; tests mutate them (add a host, a
cluster, a pod, reorder) and compare plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from generator.inventory import expand
from generator.model import Design
from generator.plan import plan_addresses
from generator.plan.types import AddressPlan

Data = dict[str, Any]


@dataclass(frozen=True)
class ClusterSpec:
    name: str
    host_ids: tuple[int, ...]  # runs of consecutive ids become one entry with a count
    pinned: tuple[tuple[int, str], ...] = ()  # (host id, explicit management address) for single hosts


@dataclass(frozen=True)
class PodSpec:
    id: int
    cidr: str  # management network
    system_range: str
    clusters: tuple[ClusterSpec, ...]
    gateway: str | None = None
    switches: int = 2
    pinned_switch: str | None = None  # explicit management address of the first switch
    primary_cidr: str | None = None  # a dedicated primary-storage network
    storage_server: str | None = None  # explicit address of an NFS server on the management network
    shared_network: str = ""  # manage on this network instead of an own one (set by the builder)

    @property
    def name(self) -> str:
        return f"p{self.id:03d}"

    @property
    def network(self) -> str:
        return self.shared_network or f"{self.name}-mgmt"


@dataclass(frozen=True)
class Spec:
    pods: tuple[PodSpec, ...]
    servers: int = 1  # management servers on the service network
    db_on_server: bool = True
    load_balancer: bool = False
    svc_cidr: str = "10.0.0.0/24"
    core_pair: bool = False  # core switches own the gateways (VRRP) instead of the firewall
    shared_cidrs: dict[str, str] = field(default_factory=dict)  # shared management networks by name

    def with_pods(self, pods: tuple[PodSpec, ...]) -> Spec:
        return replace(self, pods=pods)

    def data(self) -> Data:
        networks: Data = {"svc": {"cidr": self.svc_cidr, "gateway": str(_first(self.svc_cidr)), "vlan": 10,
                                  "site": "s1"}}
        for name, cidr in sorted(self.shared_cidrs.items()):
            networks[name] = {"cidr": cidr, "gateway": str(_first(cidr)), "site": "s1"}
        switches: list[Data] = []
        servers: list[Data] = []
        pods: list[Data] = []
        if self.core_pair:
            for n in (1, 2):
                switches.append({"name": f"core{n}", "role": "core", "platform": "arista_eos", "site": "s1",
                                 "peer": f"core{3 - n}", "management": {"network": "svc"}})
        for pod in self.pods:
            if not pod.shared_network:
                net: Data = {"cidr": pod.cidr, "site": "s1", "vlan": 100 + pod.id}
                if pod.gateway:
                    net["gateway"] = pod.gateway
                networks[pod.network] = net
            if pod.primary_cidr:
                networks[f"{pod.name}-primary"] = {"cidr": pod.primary_cidr, "site": "s1", "vlan": 2000 + pod.id}
            for n in range(1, pod.switches + 1):
                mgmt: Data = {"network": pod.network}
                if n == 1 and pod.pinned_switch:
                    mgmt["address"] = pod.pinned_switch
                switches.append({"name": f"{pod.name}-sw{n}", "role": "access", "platform": "cisco_nxos",
                                 "site": "s1", "pod": pod.name, "management": mgmt})
            if pod.storage_server:
                servers.append({"name": f"{pod.name}-nfs", "site": "s1", "role": "nfs",
                                "interfaces": [{"network": pod.network, "address": pod.storage_server}]})
            pods.append(_pod(pod))
        management: Data = {
            "servers": [{"name": f"ms{n}", "site": "s1", "network": "svc"} for n in range(1, self.servers + 1)],
            "database": {"primary": {"name": "ms1" if self.db_on_server else "db1", "site": "s1", "network": "svc"}},
        }
        if self.load_balancer:
            management["load_balancer"] = {"names": ["lb1", "lb2"], "site": "s1", "network": "svc"}
        return {
            "deployment": {"name": "Generated"},
            "sites": [{"name": "s1"}],
            "networks": networks,
            "host_profiles": {"kvm": {
                "hypervisor": "kvm", "os": "ubuntu-24.04", "cpu_cores": 16, "ram_gb": 128,
                "nics": [{"name": "eno1", "speed": "25G"}, {"name": "eno2", "speed": "25G"}],
                "primary_storage_interfaces": ["eno2"],
            }},
            "switches": switches,
            "firewalls": [{"name": "fw1", "site": "s1", "interfaces": [{"network": "svc"}]}],
            "storage_servers": servers,
            "management": management,
            "regions": [{"name": "r1", "zones": [{
                "name": "z1", "site": "s1", "networking": "advanced", "dns": {"public": ["9.9.9.9"]},
                "physical_networks": [{"name": "pn1", "interface": "eno1", "traffic": [
                    {"type": "management", "labels": {"kvm": "cloudbr0"}}, {"type": "guest"}]}],
                "pods": pods,
                "secondary_storage": [{"name": "sec1", "protocol": "nfs"}],
            }]}],
        }


def _first(cidr: str) -> IPv4Address:
    return IPv4Network(cidr).network_address + 1


def _runs(ids: tuple[int, ...]) -> list[tuple[int, int]]:
    """(first id, count) of each run of consecutive ids."""
    runs: list[tuple[int, int]] = []
    for i in sorted(ids):
        if runs and runs[-1][0] + runs[-1][1] == i:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def _pod(pod: PodSpec) -> Data:
    clusters = []
    pinned_ids = {i for c in pod.clusters for i, _ in c.pinned}
    for cluster in pod.clusters:
        hosts: list[Data] = []
        for first, count in _runs(tuple(i for i in cluster.host_ids if i not in pinned_ids)):
            hosts.append({"name": f"{pod.name}-kvm{{id:03d}}", "id": first, "count": count})
        for host_id, address in cluster.pinned:
            hosts.append({"name": f"{pod.name}-kvm{host_id:03d}", "id": host_id,
                          "addresses": {pod.network: address}})
        clusters.append({"name": f"{pod.name}-{cluster.name}", "hypervisor": "kvm", "profile": "kvm",
                         "hosts": hosts})
    data: Data = {"name": pod.name, "id": pod.id,
                  "management": {"network": pod.network, "system_range": pod.system_range},
                  "clusters": clusters}
    if pod.primary_cidr:
        data["primary_storage_networks"] = [f"{pod.name}-primary"]
    return data


def plan_of(data: Data) -> AddressPlan:
    design = Design.model_validate(data)
    return plan_addresses(design, expand(design))


def addresses(plan: AddressPlan) -> dict[tuple[str, str, str], str]:
    """(device, network, role) → address of every single address with a device."""
    return {(a.device, a.network, a.role): a.address_text for a in plan.allocations if a.device and not a.is_range}


# Roles that may share one address on a network: one machine in two roles.
SAME_MACHINE = ({"database", "management-server"}, {"storage-server", "management-server"},
                {"storage-server", "host"}, {"storage-server", "host-storage"})


def check_invariants(plan: AddressPlan) -> None:
    """What must hold for every plan, whatever the design."""
    by_network: dict[str, list[Any]] = {}
    for a in plan.allocations:
        by_network.setdefault(a.network, []).append(a)
        assert a.first in a.cidr and a.last in a.cidr, f"{a} outside {a.cidr}"
        assert a.first <= a.last
    for network, rows in by_network.items():
        cidr = rows[0].cidr
        ranges = [r for r in rows if r.is_range]
        gateways = {r.first for r in rows if r.role == "gateway"}
        owner: dict[IPv4Address, Any] = {}
        for r in rows:
            if r.is_range:
                continue
            if cidr.prefixlen <= 30:
                assert r.first not in (cidr.network_address, cidr.broadcast_address), f"{r} network/broadcast"
            if r.role != "gateway":
                assert r.first not in gateways, f"{r} takes the gateway"
            assert not any(g.first <= r.first <= g.last for g in ranges), f"{r} inside a CloudStack range"
            other = owner.setdefault(r.first, r)
            if other is not r:
                assert other.device == r.device or {other.role, r.role} in SAME_MACHINE, \
                    f"{r.first} on {network} given to {other.device} and {r.device}"
    usage = {u.network: u for u in plan.usage}
    for network, rows in by_network.items():
        u = usage[network]
        assert u.assigned == len({r.first for r in rows if not r.is_range})
        assert u.assigned + u.reserved + u.free == u.usable
