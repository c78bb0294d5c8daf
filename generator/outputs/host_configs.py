"""Host network configurations: one file per host (``hosts/<host>.<ext>``) and the page that shows them.

The page shows, per cluster, one host's configuration in full and a table of what differs from
host to host (addresses, cabling); every host's file is a download.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..host_configs import HostNetwork, config_pages, config_text, deployment_host_networks
from ..templating import render

KIND_TITLES = {
    "netplan": "netplan (/etc/netplan/01-cloudstack.yaml)", "nmcli": "NetworkManager (nmcli)",
    "xe": "XenServer xe commands", "esxcli": "ESXi esxcli commands",
}
LANGUAGES = {"yaml": "yaml", "sh": "sh"}


@dataclass(frozen=True)
class HostLine:
    host: str
    host_id: int
    management: str
    storage: str
    cabling: tuple[tuple[str, str, str], ...]  # (nic, switch, port)
    file: str


@dataclass(frozen=True)
class ClusterSection:
    zone: str
    pod: str
    cluster: str
    hypervisor: str
    os: str
    how: str
    sample: HostNetwork
    text: str
    language: str
    lines: list[HostLine]


def _switch_port(cabled_to: str) -> tuple[str, str]:
    """"switch port" as (switch, port): a port's name has no space, a switch's name neither."""
    switch, _, port = cabled_to.rpartition(" ")
    return (switch, port) if switch else (cabled_to, "")


def sections(deployment: Deployment, networks: list[HostNetwork]) -> list[ClusterSection]:
    source = deployment.loaded.path
    groups: dict[tuple[str, str, str], list[HostNetwork]] = {}
    for net in networks:
        groups.setdefault((net.zone, net.pod, net.cluster), []).append(net)
    out = []
    for (zone, pod, cluster), nets in groups.items():
        first = nets[0]
        lines = [HostLine(n.host, n.host_id, str(n.management_address or "—"),
                          ", ".join(f"{s.address} ({s.network})" for s in n.primary_storage) or "—",
                          tuple((nic.name, *_switch_port(nic.cabled_to)) for nic in n.nics if nic.cabled_to),
                          n.file) for n in nets]
        out.append(ClusterSection(zone, pod, cluster, first.hypervisor, first.os_title, KIND_TITLES[first.kind],
                                  first, config_text(first, source), LANGUAGES[first.extension], lines))
    return out


@dataclass(frozen=True)
class Part:
    """One page of the host configurations split per pod: the pod's clusters."""

    zone: str
    pod: str
    path: str
    sections: list[ClusterSection]

    @property
    def hosts(self) -> int:
        return sum(len(s.lines) for s in self.sections)


def parts(clusters: list[ClusterSection], pages: dict[str, str]) -> list[Part]:
    """The page's parts when its hosts are shown on pages of their pods (``config_pages``; else none): one
    per pod, in the order of the clusters."""
    pods: dict[str, Part] = {}
    for s in clusters:
        page = pages[s.lines[0].host]
        if page != "host-configs.md":
            pods.setdefault(page, Part(s.zone, s.pod, page, [])).sections.append(s)
    return list(pods.values())


def produce(deployment: Deployment) -> list[Artefact]:
    networks = deployment_host_networks(deployment)
    if not networks:
        return []
    skipped = sorted({h.name for h in deployment.inventory.hosts} - {n.host for n in networks})
    clusters = sections(deployment, networks)
    split = parts(clusters, config_pages(networks))
    devices = deployment.device_names
    page = render("host/host-configs.md.j2", title=deployment.title, sections=clusters, parts=split,
                  devices=devices, skipped=skipped)
    source = deployment.loaded.path
    return [Artefact("host-configs.md", page, Kind.page, "Host network configurations", order=60),
            *(Artefact(p.path, render("host/host-configs-part.md.j2", title=deployment.title, part=p,
                                      devices=devices), Kind.page, f"Host network configurations: Pod {p.pod}",
                       order=60, in_nav=False) for p in split),
            *(Artefact(n.file, config_text(n, source)) for n in networks)]
