"""The zone deployment as a Marvin data-centre config (``deployDataCenter.py -i marvin.json``).

Rendered from the same ``DeploySpec`` as the cmk script. Marvin's quirks are respected:
``securitygroupenabled`` is the string "true"/"false" (a JSON boolean sends an SG zone down the
plain-advanced path), ``guestcidraddress`` only for zones without security groups, only
``mgtSvr[0]`` is used, a VMware datacenter is read from the pod, not the zone, and a XenServer
cluster lists only its pool master (Marvin stops at the first addHost that fails). Secrets are
``${NAME}`` placeholders: fill them with ``envsubst`` from the vault just before running.

Marvin cannot do two things the design may need: storage-network IP ranges (it has no code for
them) and more than one shared guest network. The notes say what to run by hand; a zone with a
storage range is left disabled so its system VMs do not start without storage addresses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import Any

from ..model import Hypervisor
from . import vault
from .calls import Ref, Secret, Value
from .spec import ClusterSpec, DeploySpec, IpRange, PodSpec, PoolSpec, ZoneSpec

MARVIN_LABEL = {Hypervisor.kvm: "kvm", Hypervisor.xenserver: "xen", Hypervisor.vmware: "vmware"}
API_PORT = 8080


def _text(value: Value) -> str:
    return "".join(vault.placeholder(p.var) if isinstance(p, (Secret, Ref)) else p for p in value.parts)


def _range(rng: IpRange) -> dict[str, str]:
    out = {"startip": rng.start, "endip": rng.end, "gateway": rng.gateway, "netmask": rng.netmask}
    if rng.vlan:
        out["vlan"] = rng.vlan
    return out


def _pool(pool: PoolSpec) -> dict[str, str]:
    out = {"name": pool.name, "url": _text(pool.url)}
    if pool.tags:
        out["tags"] = pool.tags
    if pool.scope == "zone":
        out["scope"] = "zone"
        out["hypervisor"] = pool.hypervisor or ""
    return out


def _cluster(cluster: ClusterSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"clustername": cluster.name, "clustertype": cluster.clustertype,
                           "hypervisor": cluster.hypervisor}
    if cluster.external:
        out.update(url=cluster.url or "", username=vault.placeholder(vault.VCENTER_USER.name),
                   password=vault.placeholder(vault.VCENTER_PASSWORD.name))
    out["hosts"] = [{"url": f"http://{h.address}", "username": "root",
                     "password": vault.placeholder(vault.HOST_PASSWORD.name)} for h in cluster.added_hosts]
    out["primaryStorages"] = [_pool(p) for p in cluster.pools]
    return out


def _pod(pod: PodSpec, zone: ZoneSpec, vmware_here: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"name": pod.name, "gateway": pod.gateway, "netmask": pod.netmask,
                           "startip": pod.start, "endip": pod.end}
    if pod.guest_ranges:
        out["guestIpRanges"] = [_range(r) for r in pod.guest_ranges]
    if vmware_here and zone.vmware_dc is not None:
        out["vmwaredc"] = {"name": zone.vmware_dc.name, "vcenter": zone.vmware_dc.vcenter,
                           "username": vault.placeholder(vault.VCENTER_USER.name),
                           "password": vault.placeholder(vault.VCENTER_PASSWORD.name)}
    out["clusters"] = [_cluster(c) for c in pod.clusters]
    return out


@dataclass(frozen=True)
class MarvinNote:
    """Something Marvin leaves out, and the commands that make up for it."""

    text: str
    commands: tuple[str, ...]


def _zone(zone: ZoneSpec, notes: list[MarvinNote]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": zone.name, "networktype": zone.networktype,
                           "securitygroupenabled": "true" if zone.security_groups else "false"}
    for key, values in (("dns", zone.dns), ("internaldns", zone.internal_dns)):
        for i, address in enumerate(values[:2], start=1):
            out[f"{key}{i}"] = address
    if zone.domain:
        out["domain"] = zone.domain
    if zone.guest_cidr and not zone.security_groups:
        out["guestcidraddress"] = zone.guest_cidr
    if zone.local_storage:
        out["localstorageenabled"] = "true"
    pnets = []
    for pnet in zone.pnets:
        entry: dict[str, Any] = {"name": pnet.name, "broadcastdomainrange": "Zone"}
        if pnet.isolation:
            entry["isolationmethods"] = [pnet.isolation]
        if pnet.vlan:
            entry["vlan"] = pnet.vlan
        if pnet.tags:
            entry["tags"] = pnet.tags.split(",")
        entry["traffictypes"] = [
            {"typ": t.type, **{MARVIN_LABEL[hv]: label for hv, label in t.labels if hv in MARVIN_LABEL}}
            for t in pnet.traffic]
        entry["providers"] = [{"name": p, "broadcastdomainrange": "ZONE"} for p in pnet.providers]
        pnets.append(entry)
        hyperv = [label for t in pnet.traffic for hv, label in t.labels if hv not in MARVIN_LABEL]
        if hyperv:
            notes.append(MarvinNote(f"Marvin sends no Hyper-V traffic labels: set them on physical network "
                                    f"{pnet.name} of zone {zone.name} with updateTrafficType", ()))
    out["physical_networks"] = pnets
    if zone.security_groups and not zone.basic and zone.guest_network and zone.guest_network.range:
        out["ipranges"] = [_range(zone.guest_network.range)]  # Marvin's SG network takes the last one
    elif zone.public_ranges:
        out["ipranges"] = [_range(r) for r in zone.public_ranges]
    first_vmware = next((p.name for p in zone.pods if any(c.external for c in p.clusters)), None)
    out["pods"] = [_pod(p, zone, p.name == first_vmware) for p in zone.pods]
    out["secondaryStorages"] = [
        {"name": s.name, "provider": s.provider, **({"url": _text(s.url)} if s.url else {}),
         **({"details": {k: _text(v) for k, v in s.details}} if s.details else {})}
        for s in zone.image_stores]
    if any(s.staging_url for s in zone.image_stores):
        out["cacheStorages"] = [{"url": _text(s.staging_url), "provider": "NFS"}
                                for s in zone.image_stores if s.staging_url]
    if zone.zone_pools:
        out["primaryStorages"] = [_pool(p) for p in zone.zone_pools]
    storage_pods = [p for p in zone.pods if p.storage is not None]
    if storage_pods:
        out["enabled"] = "False"
        ranges = []
        for pod in storage_pods:
            assert pod.storage is not None
            s = pod.storage
            vlan = f" vlan={s.vlan}" if s.vlan else ""
            ranges.append(f"cmk createStorageNetworkIpRange podid=\"$(cmk -o json listPods name={pod.name} "
                          f"| jq -r '.pod[0].id')\" gateway={s.gateway} netmask={s.netmask} startip={s.start} "
                          f"endip={s.end}{vlan}")
        enable = (f"cmk updateZone id=\"$(cmk -o json listZones name={zone.name} | jq -r '.zone[0].id')\" "
                  "allocationstate=Enabled")
        notes.append(MarvinNote(f"Marvin cannot add storage-network ranges, so zone {zone.name} is left disabled; "
                                "add the ranges and enable it by hand", (*ranges, enable)))
    for sn in zone.shared_networks:
        notes.append(MarvinNote(f"Marvin creates no shared network {sn.name} in zone {zone.name}; run the 'shared "
                                "guest networks' section of the zone script once the zone is enabled", ()))
    return out


def marvin_config(spec: DeploySpec, api_address: IPv4Address | None,
                  db_address: IPv4Address | None) -> tuple[dict[str, Any], list[MarvinNote]]:
    """The config as a dict, and notes on what the installer must do by hand."""
    notes: list[MarvinNote] = []
    zones = [_zone(z, notes) for z in spec.zones]
    mgmt = {"mgtSvrIp": str(api_address) if api_address else "", "port": API_PORT,
            "apiKey": vault.placeholder(vault.CS_API_KEY.name),
            "securityKey": vault.placeholder(vault.CS_SECRET_KEY.name), "useHttps": "False"}
    config: dict[str, Any] = {
        "zones": zones,
        "mgtSvr": [mgmt],
        "dbSvr": {"dbSvr": str(db_address) if db_address else "", "port": 3306, "user": "cloud",
                  "passwd": vault.placeholder(vault.DB_CLOUD_PASSWORD.name), "db": "cloud"},
        "globalConfig": [{"name": name, "value": value} for name, value in spec.settings],
        "logger": {"LogFolderPath": "/tmp/marvin"},
    }
    return config, notes


def render_marvin(config: dict[str, Any]) -> str:
    return json.dumps(config, indent=2) + "\n"
