"""The design expanded: every concrete host with its pod, cluster, profile and stable id.

Host entries with ``count`` become one host each; a single entry with the id of a generated
host replaces it. Everything downstream (rules, plans, outputs) iterates these objects, in
an order given by stable keys (zone, pod id, cluster, host id), never by list position.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from .model import Cluster, Design, HostEntry, HostProfile, Pod, Region, Zone


@dataclass(frozen=True)
class Host:
    name: str
    id: int
    region: Region
    zone: Zone
    pod: Pod
    cluster: Cluster
    profile_name: str
    profile: HostProfile | None
    entry: HostEntry
    addresses: dict[str, IPv4Address] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.zone.name, self.pod.id, self.id)


@dataclass(frozen=True)
class PodRef:
    region: Region
    zone: Zone
    pod: Pod


@dataclass
class Inventory:
    design: Design
    hosts: list[Host]
    _by: tuple[list[Host], int, dict[int, list[Host]], dict[int, list[Host]]] | None = field(
        default=None, init=False, repr=False, compare=False)

    def zones(self) -> Iterator[tuple[Region, Zone]]:
        for region in self.design.regions:
            for zone in region.zones:
                yield region, zone

    def pods(self) -> Iterator[PodRef]:
        for region, zone in self.zones():
            for pod in sorted(zone.pods, key=lambda p: p.id):
                yield PodRef(region, zone, pod)

    def hosts_of(self, cluster: Cluster) -> list[Host]:
        return list(self._index()[0].get(id(cluster), ()))

    def hosts_in_pod(self, pod: Pod) -> list[Host]:
        return list(self._index()[1].get(id(pod), ()))

    def _index(self) -> tuple[dict[int, list[Host]], dict[int, list[Host]]]:
        """The hosts of each cluster and of each pod (by object identity, in inventory order), built once:
        a lookup per cluster or pod instead of a scan of every host."""
        if self._by is None or self._by[0] is not self.hosts or self._by[1] != len(self.hosts):
            by_cluster: dict[int, list[Host]] = {}
            by_pod: dict[int, list[Host]] = {}
            for h in self.hosts:
                by_cluster.setdefault(id(h.cluster), []).append(h)
                by_pod.setdefault(id(h.pod), []).append(h)
            self._by = (self.hosts, len(self.hosts), by_cluster, by_pod)
        return self._by[2], self._by[3]


def expand(design: Design) -> Inventory:
    hosts: list[Host] = []
    for region in design.regions:
        for zone in region.zones:
            for pod in zone.pods:
                by_id: dict[int, Host] = {}
                for cluster in pod.clusters:
                    generated = [e for e in cluster.hosts if e.count > 1]
                    single = [e for e in cluster.hosts if e.count == 1]
                    for entry in (*generated, *single):  # singles override generated ids
                        profile_name = entry.profile or cluster.profile
                        profile = design.host_profiles.get(profile_name)
                        for host_id, name in entry.names():
                            by_id[host_id] = Host(
                                name=name, id=host_id, region=region, zone=zone, pod=pod,
                                cluster=cluster, profile_name=profile_name, profile=profile,
                                entry=entry, addresses=dict(entry.addresses),
                            )
                hosts.extend(by_id[i] for i in sorted(by_id))
    return Inventory(design, hosts)
