"""The zone deployment as CloudStack API calls, in the canonical order, and as a cmk script.

``zone_calls`` turns a ``DeploySpec`` into typed calls (api, params, captured id);
``render_script`` turns them into a bash script for CloudMonkey (``cmk -o json``) that reads
each id from the response with ``jq`` and hands it to the calls that need it.
"""

from __future__ import annotations

import hashlib
import re

from ..escape import shell_comment, shell_double_quoted, shell_error_word
from . import vault
from .calls import ApiCall, ParamInput, Ref, Secret, Value, call
from .spec import LABEL_PARAM, ClusterSpec, DeploySpec, IpRange, PnetSpec, PodSpec, PoolSpec, SharedNetSpec, ZoneSpec

HOST_USER = "root"


def shell_name(*names: str) -> str:
    """A shell variable name made of design names: ``lab-z1``, ``p01`` → ``LAB_Z1_P01``.

    Names of lower-case letters, digits and single dashes map one to one; any other name (upper
    case, '.', '_', '--') gets a short digest of itself appended, so two names never meet in one
    variable however they are spelt. Only names decide the variable, never a position.
    """
    words = []
    for name in names:
        word = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() or "X"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
            word += "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:6].upper()
        words.append(word)
    return "_".join(words)


class ZoneCalls:
    """Collects the calls of one zone; variable names come from the names of zone, pod, cluster
    and physical network, so they stay with their object whatever the order of the design."""

    def __init__(self, spec: ZoneSpec) -> None:
        self.spec = spec
        self.prefix = "Z_" + shell_name(spec.name)
        self.calls: list[ApiCall] = []
        self.zone_id = Ref(f"{self.prefix}_ID")
        self.pnet_refs: dict[str, Ref] = {}

    def add(self, api: str, params: dict[str, ParamInput | None], *, capture: str | None = None,
            comment: str = "", heading: str = "", wait_count: int | None = None,
            origin: tuple[object, str | int | None] = (None, None)) -> None:
        self.calls.append(call(api, params, capture=capture, comment=comment, zone=self.spec.name,
                               heading=heading, wait_count=wait_count, origin=origin))

    def capture(self, api: str, params: dict[str, ParamInput | None], var: str, *, comment: str = "",
                heading: str = "", origin: tuple[object, str | int | None] = (None, None)) -> Ref:
        self.add(api, params, capture=var, comment=comment, heading=heading, origin=origin)
        return Ref(var)

    # ---------------------------------------------------------------------------------------
    def build(self) -> list[ApiCall]:
        z = self.spec
        self.capture("createZone", {
            "name": z.name, "networktype": z.networktype,
            "dns1": _at(z.dns, 0), "dns2": _at(z.dns, 1),
            "internaldns1": _at(z.internal_dns, 0), "internaldns2": _at(z.internal_dns, 1),
            "domain": z.domain, "guestcidraddress": z.guest_cidr,
            "securitygroupenabled": True if z.security_groups else None,
            "localstorageenabled": True if z.local_storage else None,
        }, self.zone_id.var, heading=f"zone {z.name} ({_kind(z)})",
            comment="createZone leaves the zone Disabled; it is enabled at the end", origin=(z.source, "name"))
        for pnet in z.pnets:
            self.physical_network(pnet)
        guest_net: Ref | None = None
        if z.guest_network is not None:
            guest_net = self.shared_network(z.guest_network, "GUEST", heading="guest network (security groups)")
        pods = {pod.source.id: self.capture("createPod", {
            "zoneid": self.zone_id, "name": pod.name, "gateway": pod.gateway, "netmask": pod.netmask,
            "startip": pod.start, "endip": pod.end,
        }, self.pod_var(pod) + "_ID", heading=f"pod {pod.name}",
            comment=f"system VM range {pod.start}-{pod.end}", origin=(pod.source.management, "system_range"))
            for pod in z.pods}
        if guest_net is not None:
            for pod in z.pods:
                for rng in pod.guest_ranges:
                    self.add("createVlanIpRange", {
                        "zoneid": self.zone_id, "podid": pods[pod.source.id], "networkid": guest_net,
                        **_range_params(rng), "forvirtualnetwork": False,
                    }, comment=f"guest addresses of pod {pod.name} on {rng.network}", origin=(rng.source, "range"))
        else:
            for rng in z.public_ranges:
                self.add("createVlanIpRange", {
                    "zoneid": self.zone_id, **_range_params(rng), "forvirtualnetwork": True,
                }, comment=f"public addresses on {rng.network}", origin=(rng.source, "range"))
        for pod in z.pods:
            if pod.storage is not None:
                self.add("createStorageNetworkIpRange", {
                    "podid": pods[pod.source.id], "gateway": pod.storage.gateway, "netmask": pod.storage.netmask,
                    "startip": pod.storage.start, "endip": pod.storage.end,
                    "vlan": pod.storage.vlan,
                }, comment=f"storage-network addresses of pod {pod.name} (system VM storage NICs)",
                    origin=(pod.storage.source, "range"))
        if z.vmware_dc is not None:
            self.add("addVmwareDc", {
                "zoneid": self.zone_id, "name": z.vmware_dc.name, "vcenter": z.vmware_dc.vcenter,
                "username": Secret(vault.VCENTER_USER.name), "password": Secret(vault.VCENTER_PASSWORD.name),
            }, heading="VMware datacenter", origin=(z.source, "name"))
        for pod in z.pods:
            for cluster in pod.clusters:
                self.cluster(pod, pods[pod.source.id], cluster,
                             f"{self.pod_var(pod)}_C_{shell_name(cluster.name)}_ID")
        for pool in z.zone_pools:
            self.add("createStoragePool", {
                "zoneid": self.zone_id, "name": pool.name, "url": pool.url, "scope": "zone",
                "hypervisor": pool.hypervisor, "tags": pool.tags,
            }, heading="zone-wide primary storage", origin=(pool.source, "name"))
        for store in z.image_stores:
            if store.staging_url is not None:  # deployDataCenter order: staging (cache) stores, then image stores
                self.add("createSecondaryStagingStore", {"url": store.staging_url, "provider": "NFS",
                                                         "zoneid": self.zone_id},
                         heading="staging store", comment=f"NFS staging store of {store.name}",
                         origin=(store.source, "staging"))
        for n, store in enumerate(z.image_stores):
            params: dict[str, ParamInput | None] = {"name": store.name, "provider": store.provider,
                                                    "url": store.url}
            if store.provider in ("NFS", "SMB"):
                params["zoneid"] = self.zone_id
            for i, (key, value) in enumerate(store.details):
                params[f"details[{i}].key"] = key
                params[f"details[{i}].value"] = value
            self.add("addImageStore", params, heading="secondary storage" if n == 0 else "",
                     comment="the first image store triggers the system VM template download" if n == 0 else "",
                     origin=(store.source, "name"))
        self.add("updateZone", {"id": self.zone_id, "allocationstate": "Enabled"}, heading=f"enable zone {z.name}",
                 origin=(z.source, "name"))
        if z.shared_networks:
            offering = self.capture("listNetworkOfferings", {"name": z.shared_networks[0].offering},
                                    f"{self.prefix}_SHARED_OFFERING", heading="shared guest networks")
            for sn in z.shared_networks:
                assert sn.range is not None
                self.add("createNetwork", {
                    "zoneid": self.zone_id, "name": sn.name, "displaytext": sn.name,
                    "networkofferingid": offering, "physicalnetworkid": self.pnet_refs.get(sn.pnet),
                    **_range_params(sn.range),
                }, origin=(sn.source, "name"))
        return self.calls

    def pod_var(self, pod: PodSpec) -> str:
        return f"{self.prefix}_POD_{shell_name(pod.name)}"

    def physical_network(self, pnet: PnetSpec) -> None:
        var = f"{self.prefix}_PNET_{shell_name(pnet.name)}"
        pid = self.capture("createPhysicalNetwork", {
            "zoneid": self.zone_id, "name": pnet.name, "isolationmethods": pnet.isolation, "tags": pnet.tags,
        }, f"{var}_ID", heading=f"physical network {pnet.name}", origin=(pnet.source, "name"))
        self.pnet_refs[pnet.name] = pid
        for traffic in pnet.traffic:
            labels = {LABEL_PARAM[hv]: label for hv, label in traffic.labels if hv in LABEL_PARAM}
            self.add("addTrafficType", {"physicalnetworkid": pid, "traffictype": traffic.type, **labels},
                     comment=_labels_comment(traffic.type, traffic.labels), origin=(pnet.source, "traffic"))
        for provider in pnet.providers:
            self.provider(pid, provider, f"{var}_{_PROVIDER_VAR[provider]}", pnet)
        self.add("updatePhysicalNetwork", {"id": pid, "state": "Enabled", "vlan": pnet.vlan},
                 comment=f"guest VLANs {pnet.vlan}" if pnet.vlan else "", origin=(pnet.source, "name"))

    def provider(self, pid: Ref, name: str, var: str, pnet: PnetSpec) -> None:
        origin = (pnet.source, "name")
        nsp = self.capture("listNetworkServiceProviders", {"physicalnetworkid": pid, "name": name}, f"{var}_NSP",
                           comment=f"provider {name}", origin=origin)
        if name in ("VirtualRouter", "VpcVirtualRouter"):
            element = self.capture("listVirtualRouterElements", {"nspid": nsp}, f"{var}_ELEMENT", origin=origin)
            self.add("configureVirtualRouterElement", {"id": element, "enabled": True}, origin=origin)
        elif name == "InternalLbVm":
            element = self.capture("listInternalLoadBalancerElements", {"nspid": nsp}, f"{var}_ELEMENT",
                                   origin=origin)
            self.add("configureInternalLoadBalancerElement", {"id": element, "enabled": True}, origin=origin)
        self.add("updateNetworkServiceProvider", {"id": nsp, "state": "Enabled"}, origin=origin)

    def shared_network(self, sn: SharedNetSpec, tag: str, heading: str) -> Ref:
        offering = self.capture("listNetworkOfferings", {"name": sn.offering}, f"{self.prefix}_{tag}_OFFERING",
                                heading=heading, origin=(sn.source, "name"))
        params: dict[str, ParamInput | None] = {
            "zoneid": self.zone_id, "name": sn.name, "displaytext": sn.name, "networkofferingid": offering,
        }
        if sn.range is not None:
            params["physicalnetworkid"] = self.pnet_refs.get(sn.pnet)
            params.update(_range_params(sn.range))
        return self.capture("createNetwork", params, f"{self.prefix}_{tag}_NETWORK", origin=(sn.source, "name"))

    def cluster(self, pod: PodSpec, pod_id: Ref, cluster: ClusterSpec, var: str) -> None:
        external: dict[str, ParamInput | None] = {}
        if cluster.external:
            external = {"url": cluster.url, "username": Secret(vault.VCENTER_USER.name),
                        "password": Secret(vault.VCENTER_PASSWORD.name)}
        cid = self.capture("addCluster", {
            "zoneid": self.zone_id, "podid": pod_id, "clustername": cluster.name, "hypervisor": cluster.hypervisor,
            "clustertype": cluster.clustertype, **external,
        }, var, heading=f"cluster {cluster.name} (pod {pod.name}, {cluster.hypervisor})",
            origin=(cluster.source, "name"))
        members = len(cluster.hosts) - 1
        for host in cluster.added_hosts:
            comment = f"host {host.name}"
            if cluster.pooled and members:
                comment = (f"pool master {host.name}: CloudStack adds the {members} other host"
                           f"{'s' if members > 1 else ''} of its pool with it")
            self.add("addHost", {
                "zoneid": self.zone_id, "podid": pod_id, "clusterid": cid, "hypervisor": cluster.hypervisor,
                "url": f"http://{host.address}", "username": HOST_USER, "password": Secret(vault.HOST_PASSWORD.name),
            }, comment=comment, origin=(host.source, "name"))
        # Primary storage is mounted on the Up hosts as it is created (cluster pools here, zone-wide
        # pools once every cluster is in): without one it fails "not accessible to hosts".
        # vCenter's hosts come in with addCluster: they are waited for in the same way.
        storage = bool(cluster.pools or self.spec.zone_pools)
        if cluster.host_count and (storage or len(cluster.added_hosts) < len(cluster.hosts)):
            what = "primary storage needs the hosts Up" if storage else "the pool's hosts come Up one by one"
            self.add("listHosts", {"clusterid": cid, "type": "Routing", "state": "Up"}, wait_count=cluster.host_count,
                     comment=f"{what}: wait for them", origin=(cluster.source, "name"))
        for pool in cluster.pools:
            self.pool(pod_id, cid, pool)

    def pool(self, pod_id: Ref, cluster_id: Ref, pool: PoolSpec) -> None:
        self.add("createStoragePool", {
            "zoneid": self.zone_id, "podid": pod_id, "clusterid": cluster_id, "name": pool.name, "url": pool.url,
            "scope": "cluster", "tags": pool.tags,
        }, comment=f"primary storage {pool.name}", origin=(pool.source, "name"))


_PROVIDER_VAR = {"VirtualRouter": "VR", "VpcVirtualRouter": "VPCVR", "InternalLbVm": "ILB",
                 "SecurityGroupProvider": "SG"}


def _at(items: tuple[str, ...], i: int) -> str | None:
    return items[i] if len(items) > i else None


def _kind(z: ZoneSpec) -> str:
    if z.basic:
        return "basic"
    return "advanced with security groups" if z.security_groups else "advanced"


def _labels_comment(traffic: str, labels: tuple[tuple[object, str], ...]) -> str:
    text = ", ".join(f"{getattr(hv, 'value', hv)}: {label}" for hv, label in labels)
    return f"{traffic} traffic" + (f" (labels {text})" if text else " (no label: the hypervisor default)")


def _range_params(rng: IpRange) -> dict[str, ParamInput | None]:
    return {"gateway": rng.gateway, "netmask": rng.netmask, "startip": rng.start, "endip": rng.end,
            "vlan": rng.vlan}


def zone_calls(spec: DeploySpec) -> list[ApiCall]:
    calls = [call("updateConfiguration", {"name": name, "value": value}, heading="global settings" if i == 0 else "")
             for i, (name, value) in enumerate(spec.settings)]
    for zone in spec.zones:
        calls.extend(ZoneCalls(zone).build())
    return calls


# --- rendering -------------------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z0-9._:/,@+=%-]+$")
WIDTH = 100


def shell_value(value: Value) -> str:
    """A parameter value as bash text: plain when safe, else double-quoted with ${VAR} parts."""
    literal = value.literal
    if literal is not None and _PLAIN.match(literal):
        return literal
    out = []
    for part in value.parts:
        if isinstance(part, (Ref, Secret)):
            out.append("${" + part.var + "}")
        else:
            out.append(shell_double_quoted(part))
    return '"' + "".join(out) + '"'


def command(c: ApiCall) -> list[str]:
    words = [c.api] + [f"{k}={shell_value(v)}" for k, v in c.params]
    tail = ""
    if c.lookup is not None:
        found = c.lookup
        words = [found.field, shell_value(Value((found.value,))), found.api,
                 *(f"{k}={shell_value(v)}" for k, v in found.params), "--", *words]
        head = f"{c.capture}=$(ensure id_of" if c.capture else "ensure run"
        tail = ")" if c.capture else " >/dev/null"
    elif c.wait_count is not None:
        head = f"wait_count {c.wait_count}"
    elif c.capture:
        head = f"{c.capture}=$(id_of"
        tail = ")"
    else:
        head = "run"
    return wrap(head, words, tail)


def wrap(head: str, words: list[str], tail: str = "", indent: str = "") -> list[str]:
    """One command as lines of at most WIDTH characters, continued with a backslash."""
    lines: list[str] = []
    current = indent + head
    for word in words:
        if len(current) + 1 + len(word) > WIDTH and current.strip():
            lines.append(current + " \\")
            current = indent + "    " + word
        else:
            current = f"{current} {word}"
    lines.append(current + tail)
    return lines


PRELUDE = r'''set -euo pipefail
shopt -s inherit_errexit

CMK=(cmk -o json)
if [[ -n "${CMK_PROFILE:-}" ]]; then CMK=(cmk -p "$CMK_PROFILE" -o json); fi
for tool in "${CMK[0]}" jq; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed" >&2; exit 1; }
done
# Each call uses what the one before created: cmk must wait for every asynchronous job to finish.
cmk set asyncblock true

run() {  # run API [name=value ...]: one call; stop the script if it fails
  local out
  if ! out=$("${CMK[@]}" "$@"); then
    printf 'error: %s failed:\n%s\n' "$1" "$out" >&2
    exit 1
  fi
  printf 'ok  %s\n' "$1" >&2
  printf '%s\n' "$out"
}

id_of() {  # id_of API [name=value ...]: one call; print the id found in its response
  local out id
  out=$(run "$@")
  id=$(jq -r '[.. | objects | select(has("id")) | .id][0] // empty' <<<"$out")
  if [[ -z "$id" ]]; then
    printf 'error: %s returned no id:\n%s\n' "$1" "$out" >&2
    exit 1
  fi
  printf '    id %s\n' "$id" >&2
  printf '%s\n' "$id"
}

ensure() {  # ensure id_of|run FIELD VALUE LIST-API [name=value ...] -- CREATE-API [name=value ...]
  # Reuse the object an earlier run made (the list call finds one whose FIELD is VALUE), else create it:
  # a script that stopped half-way resumes instead of failing or making a second one.
  local how=$1 field=$2 value=$3 list=() out id
  shift 3
  while [[ $1 != -- ]]; do list+=("$1"); shift; done
  shift
  out=$(run "${list[@]}")
  id=$(jq -r --arg f "$field" --arg v "$value" '[.. | objects | select(.[$f]? == $v) | .id][0] // empty' \
    <<<"$out")
  if [[ -n "$id" ]]; then
    printf 'ok  %s: %s %s is there already (id %s)\n' "$1" "$field" "$value" "$id" >&2
    printf '%s\n' "$id"
    return 0
  fi
  "$how" "$@"
}

wait_count() {  # wait_count N API [name=value ...]: poll a list call until it holds N items (10 minutes)
  local want=$1 got=0
  shift
  for _ in $(seq 60); do
    got=$("${CMK[@]}" "$@" 2>/dev/null | jq -r '.count // 0' 2>/dev/null) || got=0  # not there yet
    got=${got:-0}  # cmk prints nothing for an empty list
    if (( got >= want )); then printf 'ok  %s: %s\n' "$1" "$got" >&2; return 0; fi
    sleep 10
  done
  printf 'error: %s found %s of %s after 10 minutes\n' "$1" "$got" "$want" >&2
  exit 1
}
'''


def render_script(calls: list[ApiCall], *, title: str, source: str, zones: list[str],
                  secrets: list[str]) -> str:
    lines = [
        "#!/usr/bin/env bash",
        f"# Zone deployment of {shell_comment(title)}: {shell_comment(', '.join(zones))}.",
        f"# Generated by stackplan from {shell_comment(source)}; edit the design, not this file.",
        "#",
        "# Run it against a CloudStack whose management server is up, from a machine with cmk",
        "# (CloudMonkey 6) set up for an admin account (cmk set url / apikey / secretkey, then cmk sync;",
        "# CMK_PROFILE picks a profile) and jq. It sets cmk's asyncblock, stops at the first failed call",
        "# and prints each id it captured. Each create first looks its object up by name and reuses it,",
        "# so running it again after a stop resumes where it stopped.",
        "",
        PRELUDE.rstrip("\n"),
    ]
    if secrets:
        lines += ["", "# Secrets come from the environment: export them from your vault first, e.g.",
                  "#   read -rs HOST_PASSWORD && export HOST_PASSWORD"]
        for name in secrets:
            purpose = vault.purpose(name)
            lines.append(f': "${{{name}:?export {name} from your vault: {shell_error_word(purpose)}}}"')
    for c in calls:
        if c.heading:
            heading = shell_comment(c.heading)
            lines += ["", f"# --- {heading} " + "-" * max(3, WIDTH - 7 - len(heading))]
        if c.comment:
            lines.append(f"# {shell_comment(c.comment)}")
        lines += command(c)
    lines += ["", "echo 'done: every zone is deployed and enabled' >&2", ""]
    return "\n".join(lines)
