"""The overview page: hierarchy, key figures and capacity of a deployment."""

from __future__ import annotations

from dataclasses import dataclass

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..diagnostics import Severity
from ..inventory import Inventory
from ..model import Cluster, Design, Zone
from ..secret_words import secret_name, secret_setting
from ..templating import render


@dataclass(frozen=True)
class ClusterRow:
    pod: str
    name: str
    hypervisor: str
    profile: str
    hosts: int
    cores: int
    ram_gb: int
    vm_limit: int
    planned_vms: str
    primary_storage: str


def safe_vm_limit(cluster: Cluster, inventory: Inventory) -> int:
    """(N − 1) × per-host limit: what the cluster can hold with one host down."""
    hosts = inventory.hosts_of(cluster)
    if not hosts:
        return 0
    per_host = min((h.profile.max_vms for h in hosts if h.profile), default=0)
    return (len(hosts) - 1) * per_host


def cluster_rows(zone: Zone, inventory: Inventory) -> list[ClusterRow]:
    rows = []
    for pod in sorted(zone.pods, key=lambda p: p.id):
        for cluster in pod.clusters:
            hosts = inventory.hosts_of(cluster)
            pools = ", ".join(f"{p.name} ({p.protocol.value}{', ' + str(p.size) if p.size else ''})"
                              for p in cluster.primary_storage) or "—"
            rows.append(ClusterRow(
                pod=pod.name, name=cluster.name, hypervisor=cluster.hypervisor.value,
                profile=cluster.profile, hosts=len(hosts),
                cores=sum(h.profile.cpu_cores for h in hosts if h.profile),
                ram_gb=sum(h.profile.ram_gb for h in hosts if h.profile),
                vm_limit=safe_vm_limit(cluster, inventory),
                planned_vms="—" if cluster.planned_vms is None else str(cluster.planned_vms),
                primary_storage=pools,
            ))
    return rows


def figures(design: Design, inventory: Inventory) -> list[tuple[str, str]]:
    zones = [z for _, z in inventory.zones()]
    pods = [p for z in zones for p in z.pods]
    clusters = [c for p in pods for c in p.clusters]
    hosts = inventory.hosts
    planned = sum(c.planned_vms or 0 for c in clusters)
    safe = sum(safe_vm_limit(c, inventory) for c in clusters)
    return [
        ("Sites", str(len(design.sites))),
        ("Regions", str(len(design.regions))),
        ("Zones", str(len(zones))),
        ("Pods", str(len(pods))),
        ("Clusters", str(len(clusters))),
        ("Hosts", str(len(hosts))),
        ("Physical cores", str(sum(h.profile.cpu_cores for h in hosts if h.profile))),
        ("Host RAM", f"{sum(h.profile.ram_gb for h in hosts if h.profile):,} GB"),
        ("Planned VMs", f"{planned:,}"),
        ("VM limit with one host down per cluster", f"{safe:,}"),
        ("Management servers", str(len(design.management.servers))),
        ("Switches", str(len(design.switches))),
        ("Storage servers", str(len(design.storage_servers))),
    ]


def _settings(design: Design) -> list[tuple[str, object]]:
    """The design's global settings for the page; a value whose setting is named like a secret is not shown."""
    return [(name, "(not shown)" if secret_setting(name) or secret_name(name) else value)
            for name, value in sorted(design.settings.items())]


def produce(deployment: Deployment) -> list[Artefact]:
    errors = sum(1 for f in deployment.findings if f.severity is Severity.error)
    warnings = sum(1 for f in deployment.findings if f.severity is Severity.warning)
    # A design holding a secret shows nothing of its content: only the report of where the secret is.
    if deployment.loaded.design is None or any(f.rule == "SECRET-IN-DESIGN" for f in deployment.findings):
        text = render("site/overview_unloaded.md.j2", slug=deployment.slug, path=deployment.loaded.path,
                      errors=errors)
        return [Artefact("index.md", text, Kind.page, "Overview", order=0)]
    design = deployment.design
    inventory = deployment.inventory
    zones = [
        {
            "region": region.name,
            "zone": zone,
            "pnets": [
                {
                    "name": p.name, "interface": p.interface, "isolation": p.isolation.value,
                    "traffic": ", ".join(
                        t.type.value + (" (" + ", ".join(f"{hv.value}: {lbl}" for hv, lbl in
                                                         sorted(t.labels.items(), key=lambda i: i[0].value))
                                        + ")" if t.labels else "")
                        for t in p.traffic),
                    "guest_vlans": ", ".join(str(v) for v in p.guest_vlans) or "—",
                }
                for p in zone.physical_networks
            ],
            "pods": [
                {
                    "name": pod.name, "id": pod.id,
                    "management": f"{pod.management.network} ({design.networks[pod.management.network].cidr})"
                    if pod.management.network in design.networks else pod.management.network,
                    "system_range": str(pod.management.system_range),
                    "storage": f"{pod.storage.network}, range {pod.storage.range}" if pod.storage else "—",
                    "primary": ", ".join(pod.primary_storage_networks) or "—",
                    "hosts": len(inventory.hosts_in_pod(pod)),
                }
                for pod in sorted(zone.pods, key=lambda p: p.id)
            ],
            "clusters": cluster_rows(zone, inventory),
            "secondary": [f"{s.name} ({s.protocol.value}{', ' + str(s.size) if s.size else ''})"
                          for s in zone.secondary_storage],
            "zone_primary": [f"{p.name} ({p.protocol.value})" for p in zone.primary_storage],
        }
        for region, zone in inventory.zones()
    ]
    text = render(
        "site/overview.md.j2", design=design, deployment=deployment.design.deployment, slug=deployment.slug,
        path=deployment.loaded.path, errors=errors, warnings=warnings, figures=figures(design, inventory),
        zones=zones, settings=_settings(design), design_file=design_file(deployment),
        devices=deployment.device_names if deployment.valid else frozenset(),
    )
    page = Artefact("index.md", text, Kind.page, "Overview", order=0)
    if not deployment.valid:
        return [page]
    return [page, Artefact(design_file(deployment), deployment.loaded.text,
                           title="The design file this deployment is generated from")]


def design_file(deployment: Deployment) -> str:
    """Where the design file is published among the deployment's downloads: only for a valid design (one
    with an error may hold a secret where a value of another type belongs, and its report says where)."""
    return f"design/{deployment.slug}.yaml" if deployment.valid else ""
