"""Check API calls against CloudStack's API catalogue and its server-side rules.

The catalogue (``generator/data/cloudstack-api.json``) holds every API with its parameters and
which are annotated required; ``zone-deploy-sequence.json`` lists the rules the server applies
on top (``server_side_rules``). The export refuses a script that breaks any of them, and the
tests run every example design through the same check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from .calls import ApiCall
from .sequence import order_problems, stages_for

TRAFFIC_TYPES = {"Public", "Guest", "Management", "Storage", "Control", "Vpn", "None"}
ONE_PER_ZONE = {"Public", "Management", "Storage", "Control"}
ISOLATION_METHODS = {"VLAN", "VXLAN", "GRE", "L3", "STT", "ODL", "SSP", "VCS", "BCF_SEGMENT", "TF", "NSX", "NETRIS"}
SG_CLUSTER_HYPERVISORS = {"kvm", "xenserver", "lxc", "simulator"}
ZONE_POOL_HYPERVISORS = {"kvm", "vmware", "hyperv", "lxc", "any", "simulator"}
_VLAN_LIST = re.compile(r"^\d{1,8}(-\d{1,8})?(,\d{1,8}(-\d{1,8})?)*$")  # VLAN ids, or VNIs with VXLAN
VNI_MAX = 16_777_214


@dataclass(frozen=True)
class ApiParam:
    type: str
    required: bool


@dataclass(frozen=True)
class Api:
    name: str
    is_async: bool
    params: dict[str, ApiParam]

    @property
    def required(self) -> list[str]:
        return sorted(k for k, p in self.params.items() if p.required)


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Api]:
    text = resources.files("generator.data").joinpath("cloudstack-api.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)["apis"]
    return {name: Api(name, bool(a["async"]), {k: ApiParam(v["type"], bool(v["required"]))
                                               for k, v in a["params"].items()})
            for name, a in data.items()}


@dataclass(frozen=True)
class CallProblem:
    call: ApiCall
    message: str


@dataclass
class _State:
    """What earlier calls created, keyed by the variable their id went into."""

    defined: set[str] = field(default_factory=set)
    zones: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # var → (name, type, sg)
    zone_names: set[str] = field(default_factory=set)
    pnet_zone: dict[str, str] = field(default_factory=dict)  # pnet var → zone var
    traffic: dict[str, dict[str, str]] = field(default_factory=dict)  # zone var → type → pnet var
    clusters: dict[str, str] = field(default_factory=dict)  # cluster var → hypervisor (lower case)
    pod_cidrs: dict[str, list[tuple[str, IPv4Network, tuple[IPv4Address, IPv4Address] | None]]] = field(
        default_factory=dict)  # zone var → (pod name, CIDR, system range)
    isolation: dict[str, str] = field(default_factory=dict)  # pnet var → isolation method
    check_pod_cidrs: bool = True  # the global setting, as updateConfiguration left it
    pod_zone: dict[str, str] = field(default_factory=dict)  # pod var → zone var
    store_providers: set[str] = field(default_factory=set)
    staging: bool = False  # a createSecondaryStagingStore came before


def _ip(text: str | None) -> IPv4Address | None:
    try:
        return IPv4Address(text) if text else None
    except ValueError:
        return None


def _net(gateway: str | None, netmask: str | None) -> IPv4Network | None:
    try:
        return IPv4Network(f"{gateway}/{netmask}", strict=False) if gateway and netmask else None
    except ValueError:
        return None


def _base(param: str) -> str:
    return param.split("[", 1)[0]


def check_calls(calls: list[ApiCall], *, order: bool = True) -> list[CallProblem]:
    """Every way ``calls`` would fail or misbehave against CloudStack, in call order. ``order``: also
    the canonical order of a zone deployment (a change to a deployed cloud has an order of its own)."""
    apis = catalogue()
    state = _State()
    problems: list[CallProblem] = []
    for c in calls:
        found = [CallProblem(c, m) for m in _check_one(c, apis, state)]
        found += [CallProblem(c, m) for m in _check_lookup(c, apis)]
        if c.capture and c.capture in state.defined and c.api.startswith(("create", "add")):
            found.append(CallProblem(c, f"two objects would share the script variable {c.capture}: "
                                        "give them names that differ in more than punctuation"))
        problems.extend(found)
        if c.capture:
            state.defined.add(c.capture)
    kinds = {}
    for name, networktype, sg in state.zones.values():
        kinds[name] = stages_for(networktype, sg)
    if order and all(c.zone in kinds for c in calls if c.zone):
        problems.extend(CallProblem(c, m) for c, m in order_problems(calls, kinds))
    return problems


def _check_lookup(c: ApiCall, apis: dict[str, Api]) -> list[str]:
    """The list call a create first sends: an API that exists, with parameters it takes."""
    if c.lookup is None:
        return []
    api = apis.get(c.lookup.api)
    if api is None:
        return [f"{c.lookup.api} (the lookup before {c.api}) is not a CloudStack API"]
    return [f"{c.lookup.api} (the lookup before {c.api}) has no parameter '{name}'"
            for name, _ in c.lookup.params if name not in api.params]


def _check_one(c: ApiCall, apis: dict[str, Api], state: _State) -> list[str]:
    api = apis.get(c.api)
    if api is None:
        return [f"{c.api} is not a CloudStack API"]
    out: list[str] = []
    names = [_base(n) for n in c.names]
    for name in names:
        if name not in api.params:
            out.append(f"{c.api} has no parameter '{name}'")
    for name in api.required:
        if name not in names:
            out.append(f"{c.api} needs '{name}'")
    if len(set(c.names)) != len(c.names):
        out.append(f"{c.api} sends a parameter twice")
    for _, value in c.params:
        for ref in value.refs:
            if ref not in state.defined:
                out.append(f"{c.api} uses ${ref} before any call captured it")
    rule = _RULES.get(c.api)
    if rule is not None:
        out.extend(rule(c, state))
    return out


def _zone_of(c: ApiCall, state: _State, param: str = "zoneid") -> tuple[str, str, str, bool] | None:
    value = c.get(param)
    if value is None or not value.refs:
        return None
    var = value.refs[0]
    if var in state.zones:
        name, networktype, sg = state.zones[var]
        return var, name, networktype, sg
    return None


def _create_zone(c: ApiCall, state: _State) -> list[str]:
    out = []
    networktype = (c.text("networktype") or "").capitalize()
    if networktype not in ("Basic", "Advanced"):
        out.append("createZone: networktype must be Basic or Advanced")
    if networktype == "Basic" and c.get("guestcidraddress") is not None:
        out.append("createZone: guestcidraddress is refused for Basic zones")
    for key in ("dns1", "dns2", "internaldns1", "internaldns2"):
        value = c.text(key)
        if c.get(key) is not None and _ip(value) is None:
            out.append(f"createZone: {key} must be an IPv4 address (got {value!r})")
    name = c.text("name") or ""
    if name in state.zone_names:
        out.append(f"createZone: zone name {name} is used twice")
    state.zone_names.add(name)
    sg = networktype == "Basic" or (c.text("securitygroupenabled") or "").lower() == "true"
    if c.capture:
        state.zones[c.capture] = (name, networktype, sg)
        state.traffic[c.capture] = {}
    return out


def _create_physical_network(c: ApiCall, state: _State) -> list[str]:
    out = []
    methods = c.text("isolationmethods")
    for method in (methods or "").split(","):
        if method and method.upper() not in ISOLATION_METHODS:
            out.append(f"createPhysicalNetwork: isolation method {method} is not one CloudStack knows")
    zone = _zone_of(c, state)
    if c.capture and zone:
        state.pnet_zone[c.capture] = zone[0]
    if c.capture:
        state.isolation[c.capture] = (methods or "VLAN").upper()
    return out


def _add_traffic_type(c: ApiCall, state: _State) -> list[str]:
    kind = c.text("traffictype") or ""
    if kind not in TRAFFIC_TYPES:
        return [f"addTrafficType: traffic type {kind} is not one of {', '.join(sorted(TRAFFIC_TYPES))}"]
    pnet = (c.get("physicalnetworkid") or c.get("id"))
    refs = pnet.refs if pnet else []
    zone = state.pnet_zone.get(refs[0]) if refs else None
    if zone is None:
        return []
    existing = state.traffic[zone].get(kind)
    if kind in ONE_PER_ZONE and existing is not None and existing != refs[0]:
        return [f"addTrafficType: {kind} traffic may be on only one physical network per zone"]
    state.traffic[zone][kind] = refs[0]
    return []


def _update_physical_network(c: ApiCall, state: _State) -> list[str]:
    out = []
    vlan = c.text("vlan")
    if vlan is not None and not _VLAN_LIST.match(vlan):
        out.append(f"updatePhysicalNetwork: vlan must be ranges like 100-200,300-400 (got {vlan!r})")
    elif vlan is not None:
        pnet = c.get("id")
        top = VNI_MAX if pnet is not None and pnet.refs and state.isolation.get(pnet.refs[0]) == "VXLAN" else 4094
        if any(not 1 <= int(n) <= top for n in re.split(r"[-,]", vlan)):
            out.append(f"updatePhysicalNetwork: vlan {vlan!r} has ids outside 1-{top}")
    st = c.text("state")
    if st is not None and st not in ("Enabled", "Disabled"):
        out.append("updatePhysicalNetwork: state must be Enabled or Disabled")
    if "," in (c.text("tags") or ""):
        out.append("updatePhysicalNetwork: CloudStack takes one tag per physical network")
    return out


def _range_problems(api: str, c: ApiCall, network: IPv4Network | None) -> list[str]:
    out = []
    start, end = _ip(c.text("startip")), _ip(c.text("endip"))
    if start is None:
        out.append(f"{api}: startip must be an IPv4 address")
    if c.get("endip") is not None and end is None:
        out.append(f"{api}: endip must be an IPv4 address")
    if start and end and end < start:
        out.append(f"{api}: endip {end} is below startip {start}")
    if network is not None:
        for label, addr in (("startip", start), ("endip", end)):
            if addr is not None and addr not in network:
                out.append(f"{api}: {label} {addr} is outside {network}")
    return out


def _create_pod(c: ApiCall, state: _State) -> list[str]:
    out = []
    for key in ("startip", "gateway", "netmask"):
        if c.get(key) is None:
            out.append(f"createPod: {key} is required by the server for a pod of a non-edge zone")
    gateway = _ip(c.text("gateway"))
    network = _net(c.text("gateway"), c.text("netmask"))
    if c.get("gateway") is not None and gateway is None:
        out.append("createPod: gateway must be an IPv4 address")
    if c.get("netmask") is not None and network is None:
        out.append("createPod: netmask is not a valid netmask")
    out.extend(_range_problems("createPod", c, network))
    start, end = _ip(c.text("startip")), _ip(c.text("endip"))
    if gateway and start and start <= gateway <= (end or start):
        out.append(f"createPod: gateway {gateway} lies inside the system VM range {start}-{end}")
    zone = _zone_of(c, state)
    span = (start, end or start) if start else None
    if zone and network is not None:
        pods = state.pod_cidrs.setdefault(zone[0], [])
        for other, cidr, other_span in pods:
            if not cidr.overlaps(network):
                continue
            if state.check_pod_cidrs:
                out.append(f"createPod: pod CIDR {network} overlaps pod {other}'s {cidr} (check.pod.cidrs)")
            elif span and other_span and span[0] <= other_span[1] and other_span[0] <= span[1]:
                out.append(f"createPod: system VM range {span[0]}-{span[1]} overlaps pod {other}'s "
                           f"{other_span[0]}-{other_span[1]}")
        pods.append((c.text("name") or "", network, span))
    if zone and c.capture:
        state.pod_zone[c.capture] = zone[0]
    return out


def _create_vlan_ip_range(c: ApiCall, state: _State) -> list[str]:
    out = []
    virtual = (c.text("forvirtualnetwork") or "").lower() == "true"
    zone = _zone_of(c, state)
    if virtual and zone and zone[3]:
        out.append(f"createVlanIpRange: public (forvirtualnetwork=true) ranges are refused in zone {zone[1]}, "
                   "which uses security groups")
    if virtual:
        for key in ("gateway", "netmask", "zoneid"):
            if c.get(key) is None:
                out.append(f"createVlanIpRange: {key} has to be passed for a public range")
    if c.get("podid") is not None and c.get("networkid") is None:
        out.append("createVlanIpRange: a pod range needs the networkid of the guest network")
    out.extend(_range_problems("createVlanIpRange", c, _net(c.text("gateway"), c.text("netmask"))))
    return out


def _create_network(c: ApiCall, state: _State) -> list[str]:
    """A shared network with addresses (specifyipranges offerings): its range inside gateway/netmask, a VLAN id."""
    out = []
    if c.get("startip") is not None or c.get("endip") is not None:
        for key in ("gateway", "netmask"):
            if c.get(key) is None:
                out.append(f"createNetwork: a network with an address range needs {key}")
        network = _net(c.text("gateway"), c.text("netmask"))
        if c.get("gateway") is not None and _ip(c.text("gateway")) is None:
            out.append("createNetwork: gateway must be an IPv4 address")
        out.extend(_range_problems("createNetwork", c, network))
    vlan = c.text("vlan")
    if vlan is not None and vlan != "untagged":
        number = vlan.removeprefix("vlan://")
        if not number.isdigit() or not 1 <= int(number) <= 4094:
            out.append(f"createNetwork: vlan must be a VLAN id 1-4094 or 'untagged' (got {vlan!r})")
    return out


def _create_storage_range(c: ApiCall, state: _State) -> list[str]:
    out = _range_problems("createStorageNetworkIpRange", c, _net(c.text("gateway"), c.text("netmask")))
    if _ip(c.text("gateway")) is None:
        out.append("createStorageNetworkIpRange: gateway must be an IPv4 address")
    pod = c.get("podid")
    zone = state.pod_zone.get(pod.refs[0]) if pod is not None and pod.refs else None
    if zone is not None and "Storage" not in state.traffic.get(zone, {}):
        out.append("createStorageNetworkIpRange: no physical network of the zone carries Storage traffic")
    return out


def _add_cluster(c: ApiCall, state: _State) -> list[str]:
    out = []
    kind = c.text("clustertype")
    hypervisor = (c.text("hypervisor") or "").lower()
    if kind not in ("CloudManaged", "ExternalManaged"):
        out.append("addCluster: clustertype must be CloudManaged or ExternalManaged")
    if hypervisor == "vmware":
        if kind != "ExternalManaged":
            out.append("addCluster: VMware clusters are ExternalManaged")
        url = c.text("url") or ""
        if not re.match(r"^https?://[^/]+/[^/]+/[^/]+$", url):
            out.append("addCluster: a VMware cluster's url is http://<vcenter>/<datacenter>/<cluster>")
    zone = _zone_of(c, state)
    if zone and zone[2] == "Advanced" and zone[3] and hypervisor not in SG_CLUSTER_HYPERVISORS:
        out.append(f"addCluster: zone {zone[1]} is advanced with security groups, which takes only KVM, "
                   f"XenServer and LXC clusters (not {c.text('hypervisor')})")
    if c.capture:
        state.clusters[c.capture] = hypervisor
    return out


def _add_host(c: ApiCall, state: _State) -> list[str]:
    out = []
    has_id, has_name = c.get("clusterid") is not None, c.get("clustername") is not None
    if has_id == has_name:
        out.append("addHost: give clusterid or clustername, not both and not neither")
    hypervisor = (c.text("hypervisor") or "").lower()
    if hypervisor == "vmware":
        out.append("addHost: VMware hosts come with their cluster (addCluster), not addHost")
    elif c.get("username") is None:
        out.append(f"addHost: {hypervisor} hosts need a username")
    elif hypervisor != "kvm" and c.get("password") is None:
        out.append(f"addHost: {hypervisor} hosts need a username and a password")
    cluster = c.get("clusterid")
    if cluster is not None and cluster.refs:
        known = state.clusters.get(cluster.refs[0])
        if known is not None and known != hypervisor:
            out.append(f"addHost: a {hypervisor} host in a {known} cluster")
    return out


def _create_storage_pool(c: ApiCall, state: _State) -> list[str]:
    out = []
    scope = (c.text("scope") or "cluster").lower()
    if scope == "cluster":
        for key in ("clusterid", "podid"):
            if c.get(key) is None:
                out.append(f"createStoragePool: a cluster-scope pool needs {key}")
    elif scope == "zone":
        hypervisor = (c.text("hypervisor") or "").lower()
        if not hypervisor:
            out.append("createStoragePool: a zone-wide pool needs hypervisor")
        elif hypervisor not in ZONE_POOL_HYPERVISORS:
            out.append(f"createStoragePool: zone-wide primary storage is not allowed for {c.text('hypervisor')}")
    else:
        out.append(f"createStoragePool: scope {scope} is not cluster or zone")
    return out


def _staging_store(c: ApiCall, state: _State) -> list[str]:
    state.staging = True
    return []


def _add_image_store(c: ApiCall, state: _State) -> list[str]:
    out = []
    provider = (c.text("provider") or "").upper()
    if provider in ("NFS", "SMB"):
        for key in ("url", "zoneid"):
            if c.get(key) is None:
                out.append(f"addImageStore: an {provider} store needs {key}")
    if provider in ("S3", "SWIFT") and not state.staging:
        out.append(f"addImageStore: an {provider} store needs a staging store first (createSecondaryStagingStore)")
    if state.store_providers and provider not in state.store_providers:
        out.append("addImageStore: all image stores must use the same provider")
    state.store_providers.add(provider)
    return out


def _update_zone(c: ApiCall, state: _State) -> list[str]:
    st = c.text("allocationstate")
    if st is not None and st not in ("Enabled", "Disabled"):
        return ["updateZone: allocationstate must be Enabled or Disabled"]
    return []


def _update_configuration(c: ApiCall, state: _State) -> list[str]:
    if c.text("name") == "check.pod.cidrs" and c.text("value") is not None:
        state.check_pod_cidrs = (c.text("value") or "").strip().lower() != "false"
    return []


_RULES = {
    "updateConfiguration": _update_configuration,
    "createZone": _create_zone,
    "createPhysicalNetwork": _create_physical_network,
    "addTrafficType": _add_traffic_type,
    "updatePhysicalNetwork": _update_physical_network,
    "createPod": _create_pod,
    "createVlanIpRange": _create_vlan_ip_range,
    "createNetwork": _create_network,
    "createStorageNetworkIpRange": _create_storage_range,
    "addCluster": _add_cluster,
    "addHost": _add_host,
    "createStoragePool": _create_storage_pool,
    "addImageStore": _add_image_store,
    "createSecondaryStagingStore": _staging_store,
    "updateZone": _update_zone,
}
