"""What changed between two versions of a deployment, by meaning.

Each version is reduced to *facts*: per section, a stable key (a name, ``switch port``, ``device
on network``, a runbook step's title) and the fields that describe it. Two versions are then
compared key by key, so moving text around in the design changes nothing, and one host added
shows as that host, its addresses, its switch ports and its host configuration, nothing else.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..deployment import Deployment
from ..model import Design
from ..pipeline import artefacts
from ..runbook.build import build_runbook, context
from ..templating import vlan_list

Fields = dict[str, str]
DIGESTS = ("sha256", "content")  # fields holding a digest of a text: only "changed" is worth saying
Facts = dict[str, dict[str, Fields]]  # section → key → field → value

# Sections in the order a reviewer reads them, with their headings.
SECTIONS: dict[str, str] = {
    "objects": "Zones, pods, clusters, hosts, servers, switches and settings",
    "addresses": "Addresses and VLANs",
    "ports": "Switch ports",
    "host_configs": "Host configurations",
    "runbook": "Runbook steps",
    "findings": "Validation findings",
}


def _text(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    if isinstance(value, BaseModel):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.model_dump(mode="json").items() if v not in (None, "", []))
    return "" if value is None else str(value)


def _fields(obj: BaseModel, skip: tuple[str, ...] = ()) -> Fields:
    """The scalar fields of a design object (children with their own entries left out)."""
    out: Fields = {}
    for name in type(obj).model_fields:
        if name in skip:
            continue
        out[name] = _text(getattr(obj, name))
    return out


def _objects(design: Design, d: Deployment) -> dict[str, Fields]:
    out: dict[str, Fields] = {}
    for region in design.regions:
        for zone in region.zones:
            out[f"zone {zone.name}"] = _fields(zone, ("pods", "physical_networks", "primary_storage",
                                                      "shared_networks", "secondary_storage"))
            for pnet in zone.physical_networks:
                out[f"physical network {zone.name}/{pnet.name}"] = _fields(pnet)
            for shared in zone.shared_networks:
                out[f"shared network {zone.name}/{shared.name}"] = _fields(shared)
            for store in zone.secondary_storage:
                out[f"secondary storage {zone.name}/{store.name}"] = _fields(store)
            for pool in zone.primary_storage:
                out[f"primary storage {zone.name}/{pool.name}"] = _fields(pool)
            for pod in zone.pods:
                out[f"pod {zone.name}/{pod.name}"] = _fields(pod, ("clusters",))
                for cluster in pod.clusters:
                    out[f"cluster {zone.name}/{pod.name}/{cluster.name}"] = _fields(cluster, ("hosts",))
    for host in d.inventory.hosts:
        out[f"host {host.name}"] = {"zone": host.zone.name, "pod": host.pod.name, "cluster": host.cluster.name,
                                    "id": str(host.id), "profile": host.profile_name}
    for name, profile in design.host_profiles.items():
        out[f"host profile {name}"] = _fields(profile)
    for net_name, net in design.networks.items():
        out[f"network {net_name}"] = _fields(net)
    for sw in design.switches:
        out[f"switch {sw.name}"] = _fields(sw)
    for fw in design.firewalls:
        out[f"firewall {fw.name}"] = _fields(fw)
    for server in design.storage_servers:
        out[f"storage server {server.name}"] = _fields(server)
    for ms in design.management.servers:
        out[f"management server {ms.name}"] = _fields(ms)
    for key, value in design.settings.items():
        out[f"setting {key}"] = {"value": _text(value)}
    return out


def _addresses(d: Deployment) -> dict[str, Fields]:
    out: dict[str, Fields] = {}
    for a in d.address_plan.allocations:
        who = a.device or "/".join(p for p in (a.zone, a.pod) if p) or "deployment"
        key = f"{a.role} {who}" + (f" {a.interface}" if a.interface else "") + f" on {a.network}"
        out[key] = {"address": a.address_text, "vlan": "" if a.vlan is None else str(a.vlan)}
    for v in d.address_plan.vlans:
        out[f"VLAN {v.network} ({v.zone}, {v.scope})"] = {"vlan": v.text, "traffic": v.traffic, "hosts": v.hosts}
    return out


def _ports(d: Deployment) -> dict[str, Fields]:
    return {f"{r.switch} {r.port}": {
        "mode": str(r.mode.value), "access": "" if r.access_vlan is None else str(r.access_vlan),
        "native": "" if r.native_vlan is None else str(r.native_vlan), "allowed": vlan_list(r.allowed),
        "lag": r.lag.name if r.lag else "", "peer": f"{r.peer_device} {r.peer_interface}".strip(),
    } for r in d.port_plan.rows}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _host_configs(d: Deployment) -> dict[str, Fields]:
    return {a.path: {"sha256": _digest(a.data())} for a in artefacts(d) if a.path.startswith("hosts/")}


def _runbook(d: Deployment) -> dict[str, Fields]:
    out: dict[str, Fields] = {}
    seen: Counter[str] = Counter()
    for phase in build_runbook(context(d)).phases:
        for step in phase.steps:
            key = f"{phase.title}: {step.title}"
            seen[key] += 1
            if seen[key] > 1:
                key += f" ({seen[key]})"
            body = repr((step.where, step.text, step.values, step.table, step.commands, step.checks, step.notes))
            out[key] = {"role": str(step.role.value), "where": step.where, "content": _digest(body.encode())}
    return out


def _findings(d: Deployment) -> dict[str, Fields]:
    return {f"{f.severity.value} {f.rule}: {f.message}": {} for f in d.findings}


def capacity(d: Deployment) -> dict[str, int]:
    if not d.valid:
        return {}
    hosts = d.inventory.hosts
    return {
        "zones": sum(len(r.zones) for r in d.design.regions),
        "pods": sum(len(z.pods) for r in d.design.regions for z in r.zones),
        "clusters": sum(len(p.clusters) for r in d.design.regions for z in r.zones for p in z.pods),
        "hosts": len(hosts),
        "cores": sum(h.profile.cpu_cores for h in hosts if h.profile),
        "RAM (GB)": sum(h.profile.ram_gb for h in hosts if h.profile),
        "VM slots": sum(h.profile.max_vms for h in hosts if h.profile),
    }


def facts(d: Deployment) -> Facts:
    """Everything a reviewer compares, keyed by stable ids. A design with errors gives only its
    findings (its plans are not made)."""
    out: Facts = {"findings": _findings(d)}
    if d.valid:
        out["objects"] = _objects(d.design, d)
        out["addresses"] = _addresses(d)
        out["ports"] = _ports(d)
        out["host_configs"] = _host_configs(d)
        out["runbook"] = _runbook(d)
    return out


@dataclass(frozen=True)
class Change:
    key: str
    fields: tuple[tuple[str, str, str], ...] = ()  # field, before, after


@dataclass
class Section:
    name: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class DeploymentDiff:
    slug: str
    title: str
    status: str  # added, removed, changed
    sections: list[Section]
    capacity: tuple[dict[str, int], dict[str, int]]

    def __bool__(self) -> bool:
        return self.status != "changed" or any(self.sections) or self.capacity[0] != self.capacity[1]


def _section(name: str, old: dict[str, Fields], new: dict[str, Fields]) -> Section:
    out = Section(name)
    out.added = sorted(set(new) - set(old))
    out.removed = sorted(set(old) - set(new))
    for key in sorted(set(old) & set(new)):
        if old[key] != new[key]:
            names = sorted(set(old[key]) | set(new[key]))
            out.changed.append(Change(key, tuple((f, old[key].get(f, ""), new[key].get(f, ""))
                                                  for f in names if old[key].get(f) != new[key].get(f))))
    return out


def compare(old: Deployment | None, new: Deployment | None) -> DeploymentDiff:
    """The change from ``old`` to ``new`` (one of them None: the deployment was added or removed)."""
    either = new if new is not None else old
    assert either is not None
    status = "added" if old is None else "removed" if new is None else "changed"
    a = facts(old) if old is not None else {}
    b = facts(new) if new is not None else {}
    sections = [_section(name, a.get(name, {}), b.get(name, {})) for name in SECTIONS]
    caps = (capacity(old) if old else {}, capacity(new) if new else {})
    return DeploymentDiff(either.slug, either.title, status, sections, caps)
