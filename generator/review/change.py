"""`stackplan change OLD NEW`: the day-2 change from a deployed design OLD to its next version NEW.

Both versions go through the same zone export as a greenfield build (``export.zone_export``:
``DeploySpec``); the change is the difference of the two specs, object by object, keyed by names
(zone, physical network, pod, cluster, host, pool, image store, setting) and, for address ranges,
by their first address. The result is a typed ``ChangePlan``: ordered steps, each a list of
operations on the CloudStack API (find what exists by name, create what is new, change what
changed, remove what is gone) with the verification an installer runs after it; the switch
configuration lines to add and remove per switch; and the host configurations of new or changed
hosts. ``change_render.py`` turns it into a cmk script and a Markdown runbook chapter. Nothing here
touches the disk.

Order of the steps: settings; then per zone what is new, parents before children (zone, ranges,
pods, clusters, hosts, then the pools that need the hosts Up, image stores); then what changed in
place; then what is gone, children before parents (pools while their hosts are still Up, hosts
through maintenance mode, then the emptied clusters, pods and zones). A second run of the script
finds every new object, sees every changed value already set and every removed object gone:
it changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol, TypeVar

from ..artefacts import Artefact
from ..deployment import Deployment
from ..export import zone_export
from ..export.api_check import CallProblem, check_calls
from ..export.calls import ApiCall, ParamInput, Ref, Secret, call
from ..export.cmk import HOST_USER, ZoneCalls, shell_name
from ..export.spec import ClusterSpec, HostSpec, ImageStoreSpec, IpRange, PodSpec, PoolSpec, ZoneSpec
from ..export.vault import HOST_PASSWORD
from ..outputs.switch_configs import configs
from ..pipeline import artefacts
from .switch_diff import SwitchChange, switch_changes


class How(Enum):
    """How the script sends an operation's call."""

    FIND = "find"  # a list call: the id of an object that must exist (a parent of something new)
    FIND_OR_NONE = "find_or_none"  # a list call: the id of an object about to go, or nothing if it is gone
    CALL = "call"  # a call as the zone script sends it (creates look themselves up first)
    UPDATE = "update"  # a change: the list call reads the current values; the update only if they differ
    RUN = "run"  # a call sent as it is (maintenance, delete)
    WAIT = "wait"  # a list call polled until the object's field has a value
    EXPECT = "expect"  # a list call that must show the object
    GONE = "gone"  # a list call that must no longer show the object


@dataclass(frozen=True)
class Op:
    how: How
    call: ApiCall  # the call sent (for FIND, WAIT, EXPECT, GONE: the list call)
    key: tuple[str, str] = ("", "")  # the field and value that pick the object out of a list's answer
    want: tuple[str, str] = ("", "")  # WAIT: the field and the value waited for
    read: ApiCall | None = None  # UPDATE: the list call that shows the current values

    @property
    def calls(self) -> list[ApiCall]:
        """What the API check sees: the list call an update reads first, then the call."""
        return [self.read, self.call] if self.read is not None else [self.call]


class Action(Enum):
    add = "add"
    change = "change"
    remove = "remove"
    manual = "manual"


@dataclass(frozen=True)
class Step:
    action: Action
    what: str  # "host lab-kvm05 (10.10.0.15) in cluster lab-c01"
    zone: str  # "" for deployment-wide steps (settings)
    ops: tuple[Op, ...]
    check: str  # what the installer verifies after the step, in words
    note: str = ""
    guard: str | None = None  # removals: the step runs only while this variable holds an id
    finds: tuple[Op, ...] = ()  # the ids the step needs, looked up first (each once in the whole change)


@dataclass(frozen=True)
class HostConfig:
    path: str
    status: str  # added | changed
    text: str


@dataclass(frozen=True)
class ChangePlan:
    slug: str
    title: str
    old_source: str
    new_source: str
    steps: tuple[Step, ...]
    switches: tuple[SwitchChange, ...]
    host_configs: tuple[HostConfig, ...]
    host_configs_removed: tuple[str, ...]
    secrets: tuple[str, ...]
    problems: tuple[CallProblem, ...] = field(default=())

    @property
    def calls(self) -> list[ApiCall]:
        return [c for s in self.steps for op in (*s.finds, *s.ops) for c in op.calls]

    def __bool__(self) -> bool:
        return bool(self.steps or self.switches or self.host_configs or self.host_configs_removed)


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)


def _by_name(items: Iterable[N]) -> dict[str, N]:
    return {i.name: i for i in items}


def _ranges(items: Iterable[IpRange]) -> dict[str, IpRange]:
    return {r.start: r for r in items}


def _range_params(rng: IpRange) -> dict[str, ParamInput | None]:
    return {"gateway": rng.gateway, "netmask": rng.netmask, "startip": rng.start, "endip": rng.end, "vlan": rng.vlan}


class _Builder:
    """Collects the steps; remembers which ids the script has found, so each is looked up once."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.found: set[str] = set()
        self.pending: list[Op] = []  # finds the next step needs first

    # -- finding what exists -----------------------------------------------------------------
    def find(self, var: str, api: str, params: dict[str, ParamInput | None], key: tuple[str, str],
             must: bool) -> Ref:
        if var not in self.found:
            self.found.add(var)
            how = How.FIND if must else How.FIND_OR_NONE
            self.pending.append(Op(how, call(api, params, capture=var), key=key))
        return Ref(var)

    def zone(self, z: ZoneSpec, must: bool = True) -> Ref:
        return self.find(f"Z_{shell_name(z.name)}_ID", "listZones", {"name": z.name}, ("name", z.name), must)

    def pod(self, z: ZoneSpec, pod: PodSpec, must: bool = True) -> Ref:
        zone = self.zone(z, must)
        return self.find(f"Z_{shell_name(z.name)}_POD_{shell_name(pod.name)}_ID", "listPods",
                         {"zoneid": zone, "name": pod.name}, ("name", pod.name), must)

    def cluster(self, z: ZoneSpec, pod: PodSpec, cluster: ClusterSpec, must: bool = True) -> Ref:
        pod_id = self.pod(z, pod, must)
        return self.find(f"Z_{shell_name(z.name)}_POD_{shell_name(pod.name)}_C_{shell_name(cluster.name)}_ID",
                         "listClusters", {"podid": pod_id, "name": cluster.name}, ("name", cluster.name), must)

    def pnet(self, z: ZoneSpec, name: str, must: bool = True) -> Ref:
        zone = self.zone(z, must)
        return self.find(f"Z_{shell_name(z.name)}_PNET_{shell_name(name)}_ID", "listPhysicalNetworks",
                         {"zoneid": zone, "name": name}, ("name", name), must)

    def step(self, action: Action, what: str, zone: str, ops: Iterable[Op], check: str, *, note: str = "",
             guard: str | None = None) -> None:
        finds, self.pending = tuple(self.pending), []  # before the guard: they are what it tests
        self.steps.append(Step(action, what, zone, tuple(ops), check, note, guard, finds))

    def gone(self, what: str, zone: str, var: str, ops: list[Op], check: str, *, note: str = "") -> None:
        """A removal: it runs only while ``var`` holds the id of the object."""
        self.step(Action.remove, what, zone, ops, check, note=note, guard=var)


def _calls(zc: ZoneCalls) -> list[Op]:
    """The calls a zone-script builder collected, as operations (taken out of it)."""
    ops = [Op(How.CALL, replace(c, zone="")) for c in zc.calls]
    zc.calls.clear()
    return ops


def _expect(api: str, params: dict[str, ParamInput | None], key: tuple[str, str], how: How = How.EXPECT) -> Op:
    return Op(how, call(api, params), key=key)


class _ZoneChange:
    """The steps of one zone that exists in both versions."""

    def __init__(self, b: _Builder, old: ZoneSpec, new: ZoneSpec) -> None:
        self.b, self.old, self.new = b, old, new
        self.zc = ZoneCalls(new)

    # -- what is new ---------------------------------------------------------------------------
    def additions(self) -> None:
        old, new, b = self.old, self.new, self.b
        # Guest VLAN ranges first: what is added below may use them.
        old_pnets = _by_name(old.pnets)
        for pnet in new.pnets:
            before = old_pnets.get(pnet.name)
            if before is not None and before.vlan != pnet.vlan and pnet.vlan:
                pid = b.pnet(new, pnet.name)
                read = call("listPhysicalNetworks", {"zoneid": b.zone(new), "name": pnet.name})
                b.step(Action.change, f"guest VLAN range of physical network {pnet.name}: "
                       f"{before.vlan or 'none'} → {pnet.vlan}", new.name,
                       [Op(How.UPDATE, call("updatePhysicalNetwork", {"id": pid, "vlan": pnet.vlan}),
                           key=("name", pnet.name), read=read)],
                       f"listPhysicalNetworks name={pnet.name} shows vlan {pnet.vlan}",
                       note="a range that shrinks must leave out no VLAN a guest network uses: CloudStack "
                            "refuses the update otherwise")
        if new.guest_network is None:
            self.ranges(_ranges(old.public_ranges), _ranges(new.public_ranges), None, virtual=True)
        old_pods = _by_name(old.pods)
        for pod in new.pods:
            if pod.name in old_pods:
                self.pod_changes(old_pods[pod.name], pod)
            else:
                self.new_pod(pod)
        old_pools = _by_name(old.zone_pools)
        for pool in new.zone_pools:
            if pool.name not in old_pools:
                zone = b.zone(new)
                self.zc.zone_id = zone
                self.zc.add("createStoragePool", {
                    "zoneid": zone, "name": pool.name, "url": pool.url, "scope": "zone",
                    "hypervisor": pool.hypervisor, "tags": pool.tags})
                b.step(Action.add, f"zone-wide primary storage {pool.name}", new.name,
                       [*_calls(self.zc), _expect("listStoragePools", {"zoneid": zone, "name": pool.name},
                                                  ("name", pool.name))],
                       f"listStoragePools name={pool.name} shows it Up")
        old_stores = _by_name(old.image_stores)
        for store in new.image_stores:
            if store.name not in old_stores:
                self.new_store(store)

    def new_store(self, store: ImageStoreSpec) -> None:
        b, new = self.b, self.new
        zone = b.zone(new)
        params: dict[str, ParamInput | None] = {"name": store.name, "provider": store.provider, "url": store.url}
        if store.provider in ("NFS", "SMB"):
            params["zoneid"] = zone
        for i, (k, v) in enumerate(store.details):
            params[f"details[{i}].key"] = k
            params[f"details[{i}].value"] = v
        b.step(Action.add, f"image store {store.name}", new.name,
               [Op(How.CALL, call("addImageStore", params)),
                _expect("listImageStores", {"name": store.name}, ("name", store.name))],
               f"listImageStores name={store.name} shows it")

    def ranges(self, old: dict[str, IpRange], new: dict[str, IpRange], pod: tuple[PodSpec, Ref] | None,
               virtual: bool) -> None:
        """Address ranges keyed by their first address: a new one is created, one whose end or
        gateway changed is updated (updateVlanIpRange), one that is gone waits for the removals."""
        b, z = self.b, self.new
        where = f" of pod {pod[0].name}" if pod else ""
        for start, rng in sorted(new.items()):
            if old.get(start) == rng:
                continue
            zone = b.zone(z)
            scope: dict[str, ParamInput | None] = {"zoneid": zone, "podid": pod[1] if pod else None}
            if start not in old:
                extra: dict[str, ParamInput | None] = {"forvirtualnetwork": virtual}
                if not virtual and z.guest_network is not None:
                    net = b.find(f"Z_{shell_name(z.name)}_GUEST_NETWORK", "listNetworks",
                                 {"zoneid": zone, "name": z.guest_network.name}, ("name", z.guest_network.name),
                                 True)
                    extra["networkid"] = net
                b.step(Action.add, f"address range {rng.start}-{rng.end}{where} on {rng.network}", z.name,
                       [Op(How.CALL, call("createVlanIpRange", {**scope, **extra, **_range_params(rng)})),
                        _expect("listVlanIpRanges", scope, ("startip", rng.start))],
                       f"listVlanIpRanges shows {rng.start}-{rng.end}")
            else:
                var = f"R_{shell_name(z.name, rng.start)}_ID"
                rid = b.find(var, "listVlanIpRanges", scope, ("startip", start), True)
                b.step(Action.change, f"address range {start}-{old[start].end}{where} → {rng.start}-{rng.end}",
                       z.name, [Op(How.UPDATE, call("updateVlanIpRange", {
                           "id": rid, "endip": rng.end, "gateway": rng.gateway, "netmask": rng.netmask}),
                           key=("startip", start), read=call("listVlanIpRanges", scope))],
                       f"listVlanIpRanges shows {rng.start}-{rng.end}",
                       note="a range can shrink only by addresses nothing uses")

    def pod_changes(self, before: PodSpec, pod: PodSpec) -> None:
        b, z = self.b, self.new
        if (before.start, before.end, before.gateway, before.netmask) != (pod.start, pod.end, pod.gateway,
                                                                          pod.netmask):
            pid = b.pod(z, pod)
            b.step(Action.change, f"system VM range of pod {pod.name}: {before.start}-{before.end} → "
                   f"{pod.start}-{pod.end}", z.name,
                   [Op(How.UPDATE, call("updatePod", {"id": pid, "gateway": pod.gateway, "netmask": pod.netmask,
                                                      "startip": pod.start, "endip": pod.end}),
                       key=("name", pod.name), read=call("listPods", {"zoneid": b.zone(z), "name": pod.name}))],
                   f"listPods name={pod.name} shows startip {pod.start}, endip {pod.end}",
                   note="updatePod refuses a range that leaves out an address a system VM holds")
        if z.guest_network is not None and before.guest_ranges != pod.guest_ranges:
            self.ranges(_ranges(before.guest_ranges), _ranges(pod.guest_ranges), (pod, b.pod(z, pod)),
                        virtual=False)
        old_clusters = _by_name(before.clusters)
        for cluster in pod.clusters:
            if cluster.name not in old_clusters:
                self.new_cluster(pod, cluster)
            else:
                self.cluster_changes(pod, old_clusters[cluster.name], cluster)

    def new_pod(self, pod: PodSpec) -> None:
        b, z, zc = self.b, self.new, self.zc
        zc.zone_id = b.zone(z)
        var = f"{zc.pod_var(pod)}_ID"
        pid = zc.capture("createPod", {"zoneid": zc.zone_id, "name": pod.name, "gateway": pod.gateway,
                                       "netmask": pod.netmask, "startip": pod.start, "endip": pod.end}, var,
                         comment=f"system VM range {pod.start}-{pod.end}")
        b.found.add(var)
        if z.guest_network is not None:
            net = b.find(f"Z_{shell_name(z.name)}_GUEST_NETWORK", "listNetworks",
                         {"zoneid": zc.zone_id, "name": z.guest_network.name}, ("name", z.guest_network.name), True)
            for rng in pod.guest_ranges:
                zc.add("createVlanIpRange", {"zoneid": zc.zone_id, "podid": pid, "networkid": net,
                                             **_range_params(rng), "forvirtualnetwork": False},
                       comment=f"guest addresses of pod {pod.name} on {rng.network}")
        if pod.storage is not None:
            s = pod.storage
            zc.add("createStorageNetworkIpRange", {"podid": pid, "gateway": s.gateway, "netmask": s.netmask,
                                                   "startip": s.start, "endip": s.end, "vlan": s.vlan},
                   comment=f"storage-network addresses of pod {pod.name}")
        b.step(Action.add, f"pod {pod.name}", z.name,
               [*_calls(zc), _expect("listPods", {"zoneid": zc.zone_id, "name": pod.name}, ("name", pod.name))],
               f"listPods name={pod.name} shows it, system VM range {pod.start}-{pod.end}")
        for cluster in pod.clusters:
            self.new_cluster(pod, cluster)

    def new_cluster(self, pod: PodSpec, cluster: ClusterSpec) -> None:
        b, z, zc = self.b, self.new, self.zc
        zc.zone_id = b.zone(z)
        pid = b.pod(z, pod)
        var = f"{zc.pod_var(pod)}_C_{shell_name(cluster.name)}_ID"
        b.found.add(var)
        zc.cluster(pod, pid, cluster, var)
        hosts = ", ".join(h.name for h in cluster.hosts) or f"{cluster.host_count} from vCenter"
        b.step(Action.add, f"cluster {cluster.name} ({cluster.hypervisor}) in pod {pod.name}", z.name,
               [*_calls(zc), _expect("listClusters", {"podid": pid, "name": cluster.name}, ("name", cluster.name))],
               f"listClusters name={cluster.name} shows it; listHosts clusterid=… shows its hosts ({hosts}) Up"
               + (f"; listStoragePools clusterid=… shows {', '.join(p.name for p in cluster.pools)}"
                  if cluster.pools else ""))

    def cluster_changes(self, pod: PodSpec, before: ClusterSpec, cluster: ClusterSpec) -> None:
        b, z = self.b, self.new
        old_hosts = _by_name(before.hosts)
        for host in cluster.hosts:
            if host.name in old_hosts and old_hosts[host.name].address == host.address:
                continue
            if cluster.external:
                b.step(Action.manual, f"host {host.name} ({host.address}) in cluster {cluster.name}", z.name, (),
                       f"listHosts clusterid=… shows {host.address} Up",
                       note="vCenter brings this host: add it to the vCenter cluster; CloudStack finds it")
                continue
            cid = b.cluster(z, pod, cluster)
            b.step(Action.add, f"host {host.name} ({host.address}) in cluster {cluster.name}", z.name,
                   [Op(How.CALL, self.add_host(pod, cluster, cid, host)),
                    Op(How.WAIT, call("listHosts", {"clusterid": cid}), key=("ipaddress", host.address),
                       want=("state", "Up"))],
                   f"listHosts clusterid=… shows {host.name} ({host.address}) with state Up",
                   note="install and configure the host first (its host configuration is in this change)")
        old_pools = _by_name(before.pools)
        new_pools = [p for p in cluster.pools if p.name not in old_pools]
        if new_pools:
            cid = b.cluster(z, pod, cluster)
            self.zc.zone_id = b.zone(z)
            ops: list[Op] = []
            if cluster.host_count:
                ops.append(Op(How.CALL, call("listHosts", {"clusterid": cid, "type": "Routing", "state": "Up"},
                                             wait_count=cluster.host_count,
                                             comment="primary storage needs the hosts Up: wait for them")))
            for pool in new_pools:
                self.zc.pool(b.pod(z, pod), cid, pool)
            ops += _calls(self.zc)
            ops += [_expect("listStoragePools", {"zoneid": self.zc.zone_id, "clusterid": cid, "name": p.name},
                            ("name", p.name)) for p in new_pools]
            names = ", ".join(p.name for p in new_pools)
            b.step(Action.add, f"primary storage {names} of cluster {cluster.name}", z.name, ops,
                   f"listStoragePools clusterid=… shows {names} Up")

    def add_host(self, pod: PodSpec, cluster: ClusterSpec, cid: Ref, host: HostSpec) -> ApiCall:
        return call("addHost", {
            "zoneid": self.b.zone(self.new), "podid": self.b.pod(self.new, pod), "clusterid": cid,
            "hypervisor": cluster.hypervisor, "url": f"http://{host.address}", "username": HOST_USER,
            "password": Secret(HOST_PASSWORD.name)}, comment=f"host {host.name}")

    # -- what is gone ----------------------------------------------------------------------------
    def removals(self) -> None:
        old, new, b = self.old, self.new, self.b
        new_pods = _by_name(new.pods)
        for pod in old.pods:
            if pod.name not in new_pods:
                continue
            new_clusters = _by_name(new_pods[pod.name].clusters)
            for cluster in pod.clusters:
                if cluster.name not in new_clusters:
                    continue
                kept = new_clusters[cluster.name]
                kept_pools = _by_name(kept.pools)
                for pool in cluster.pools:
                    if pool.name not in kept_pools:
                        remove_pool(b, old, pod, cluster, pool)
                kept_hosts = {(h.name, h.address) for h in kept.hosts}
                for host in cluster.hosts:
                    if (host.name, host.address) not in kept_hosts:
                        remove_host(b, old, pod, cluster, host)
            for cluster in pod.clusters:
                if cluster.name not in new_clusters:
                    remove_cluster(b, old, pod, cluster)
            if old.guest_network is not None:
                gone = _ranges(pod.guest_ranges).keys() - _ranges(new_pods[pod.name].guest_ranges).keys()
                for start in sorted(gone):
                    remove_range(b, old, pod, _ranges(pod.guest_ranges)[start])
        for pod in old.pods:
            if pod.name not in new_pods:
                remove_pod(b, old, pod)
        new_pools = _by_name(new.zone_pools)
        for pool in old.zone_pools:
            if pool.name not in new_pools:
                remove_pool(b, old, None, None, pool)
        new_stores = _by_name(new.image_stores)
        for store in old.image_stores:
            if store.name not in new_stores:
                remove_store(b, old, store)
        if old.guest_network is None:
            for start in sorted(_ranges(old.public_ranges).keys() - _ranges(new.public_ranges).keys()):
                remove_range(b, old, None, _ranges(old.public_ranges)[start])


def remove_pool(b: _Builder, z: ZoneSpec, pod: PodSpec | None, cluster: ClusterSpec | None, pool: PoolSpec) -> None:
    scope: dict[str, ParamInput | None] = {"zoneid": b.zone(z, False), "name": pool.name}
    if pod is not None and cluster is not None:
        scope["clusterid"] = b.cluster(z, pod, cluster, False)
    var = f"P_{shell_name(z.name, pool.name)}_ID"
    ref = b.find(var, "listStoragePools", scope, ("name", pool.name), False)
    key = ("name", pool.name)
    b.gone(f"primary storage {pool.name}" + (f" of cluster {cluster.name}" if cluster else " (zone-wide)"),
               z.name, var, [
                   Op(How.RUN, call("enableStorageMaintenance", {"id": ref})),
                   Op(How.WAIT, call("listStoragePools", scope), key=key, want=("state", "Maintenance")),
                   Op(How.RUN, call("deleteStoragePool", {"id": ref})),
                   _expect("listStoragePools", scope, key, How.GONE)],
               f"listStoragePools name={pool.name} no longer shows it",
               note="maintenance mode moves the volumes' VMs off the pool: migrate the volumes you keep first")


def remove_host(b: _Builder, z: ZoneSpec, pod: PodSpec, cluster: ClusterSpec, host: HostSpec) -> None:
    cid = b.cluster(z, pod, cluster, False)
    var = f"H_{shell_name(z.name, host.name)}_ID"
    scope: dict[str, ParamInput | None] = {"clusterid": cid}
    key = ("ipaddress", host.address)
    ref = b.find(var, "listHosts", scope, key, False)
    b.gone(f"host {host.name} ({host.address}) of cluster {cluster.name}", z.name, var, [
        Op(How.RUN, call("prepareHostForMaintenance", {"id": ref})),
        Op(How.WAIT, call("listHosts", scope), key=key, want=("resourcestate", "Maintenance")),
        Op(How.RUN, call("deleteHost", {"id": ref})),
        _expect("listHosts", scope, key, How.GONE)],
        f"listHosts clusterid=… no longer shows {host.address}",
        note="maintenance mode live-migrates the host's VMs to the other hosts of its cluster: they need the room")


def remove_cluster(b: _Builder, z: ZoneSpec, pod: PodSpec, cluster: ClusterSpec) -> None:
    for pool in cluster.pools:
        remove_pool(b, z, pod, cluster, pool)
    for host in cluster.hosts:
        remove_host(b, z, pod, cluster, host)
    ref = b.cluster(z, pod, cluster, False)
    scope: dict[str, ParamInput | None] = {"podid": b.pod(z, pod, False), "name": cluster.name}
    b.gone(f"cluster {cluster.name} of pod {pod.name} (empty now)", z.name, ref.var, [
        Op(How.RUN, call("deleteCluster", {"id": ref})),
        _expect("listClusters", scope, ("name", cluster.name), How.GONE)],
        f"listClusters name={cluster.name} no longer shows it",
        note="vCenter keeps the cluster: CloudStack only forgets it" if cluster.external else "")


def remove_range(b: _Builder, z: ZoneSpec, pod: PodSpec | None, rng: IpRange) -> None:
    scope: dict[str, ParamInput | None] = {"zoneid": b.zone(z, False), "podid": b.pod(z, pod, False) if pod else None}
    var = f"R_{shell_name(z.name, rng.start)}_ID"
    ref = b.find(var, "listVlanIpRanges", scope, ("startip", rng.start), False)
    b.gone(f"address range {rng.start}-{rng.end} on {rng.network}", z.name, var, [
        Op(How.RUN, call("deleteVlanIpRange", {"id": ref})),
        _expect("listVlanIpRanges", scope, ("startip", rng.start), How.GONE)],
        f"listVlanIpRanges no longer shows {rng.start}", note="no address of the range may be in use")


def remove_pod(b: _Builder, z: ZoneSpec, pod: PodSpec) -> None:
    for cluster in pod.clusters:
        remove_cluster(b, z, pod, cluster)
    for rng in pod.guest_ranges:
        remove_range(b, z, pod, rng)
    ref = b.pod(z, pod, False)
    ops: list[Op] = []
    if pod.storage is not None:
        s = pod.storage
        sid = b.find(f"S_{shell_name(z.name, pod.name)}_ID", "listStorageNetworkIpRange", {"podid": ref},
                     ("startip", s.start), False)
        ops.append(Op(How.RUN, call("deleteStorageNetworkIpRange", {"id": sid})))
    ops += [Op(How.RUN, call("deletePod", {"id": ref})),
            _expect("listPods", {"zoneid": b.zone(z, False), "name": pod.name}, ("name", pod.name), How.GONE)]
    b.gone(f"pod {pod.name} (empty now)", z.name, ref.var, ops, f"listPods name={pod.name} no longer shows it",
               note="the pod's system VMs must be gone first: CloudStack refuses to delete a pod in use")


def remove_store(b: _Builder, z: ZoneSpec, store: ImageStoreSpec) -> None:
    var = f"I_{shell_name(z.name, store.name)}_ID"
    ref = b.find(var, "listImageStores", {"name": store.name}, ("name", store.name), False)
    b.gone(f"image store {store.name}", z.name, var, [
        Op(How.RUN, call("deleteImageStore", {"id": ref})),
        _expect("listImageStores", {"name": store.name}, ("name", store.name), How.GONE)],
        f"listImageStores name={store.name} no longer shows it",
        note="templates, ISOs and snapshots only on this store are lost: migrate them first "
             "(migrateSecondaryStorageData)")


def remove_zone(b: _Builder, z: ZoneSpec) -> None:
    zone = b.zone(z, False)
    b.gone(f"zone {z.name}: disable it", z.name, zone.var, [
        Op(How.RUN, call("updateZone", {"id": zone, "allocationstate": "Disabled"}))],
        f"listZones name={z.name} shows allocationstate Disabled",
        note="then destroy its system VMs and virtual routers (they hold addresses of its ranges)")
    for pod in z.pods:
        remove_pod(b, z, pod)
    for pool in z.zone_pools:
        remove_pool(b, z, None, None, pool)
    for store in z.image_stores:
        remove_store(b, z, store)
    for rng in z.public_ranges:
        remove_range(b, z, None, rng)
    ops: list[Op] = []
    for pnet in z.pnets:
        ops.append(Op(How.RUN, call("deletePhysicalNetwork", {"id": b.pnet(z, pnet.name, False)})))
    ops += [Op(How.RUN, call("deleteZone", {"id": zone})),
            _expect("listZones", {"name": z.name}, ("name", z.name), How.GONE)]
    b.gone(f"zone {z.name} (empty now)", z.name, zone.var, ops, f"listZones name={z.name} no longer shows it")


def _settings(b: _Builder, old: dict[str, str], new: dict[str, str]) -> None:
    for name, value in sorted(new.items()):
        if old.get(name) == value:
            continue
        b.step(Action.change, f"global setting {name}: {old.get(name, 'default')} → {value}", "",
               [Op(How.UPDATE, call("updateConfiguration", {"name": name, "value": value}), key=("name", name),
                   read=call("listConfigurations", {"name": name}))],
               f"listConfigurations name={name} shows value {value}",
               note="some settings take effect only after the management servers restart")
    for name in sorted(old.keys() - new.keys()):
        b.step(Action.manual, f"global setting {name} left the design", "", (),
               f"listConfigurations name={name} shows the value you mean",
               note=f"it keeps its value ({old[name]}) until you reset it (resetConfiguration name={name})")


def plan_change(old: Deployment, new: Deployment) -> ChangePlan:
    """The change from deployed ``old`` to ``new`` (both valid deployments of one design)."""
    a, z = zone_export(old).spec, zone_export(new).spec
    b = _Builder()
    _settings(b, dict(a.settings), dict(z.settings))
    old_zones = _by_name(a.zones)
    changes: list[_ZoneChange] = []
    for zone in z.zones:
        if zone.name not in old_zones:
            ops = [Op(How.CALL, c) for c in ZoneCalls(zone).build()]
            b.found.add(f"Z_{shell_name(zone.name)}_ID")
            b.step(Action.add, f"zone {zone.name} (every object in it, as the zone script makes it)", zone.name, ops,
                   f"listZones name={zone.name} shows it Enabled; listHosts zoneid=… shows its hosts Up")
            continue
        changes.append(_ZoneChange(b, old_zones[zone.name], zone))
    for zc in changes:
        zc.additions()
    for zc in changes:
        zc.removals()
    new_zones = _by_name(z.zones)
    for zone in a.zones:
        if zone.name not in new_zones:
            remove_zone(b, zone)
    steps = tuple(b.steps)
    calls = [c for s in steps for op in (*s.finds, *s.ops) for c in op.calls]
    secrets = sorted({s for c in calls for _, v in c.params for s in v.secrets})
    old_hosts = {x.path: x for x in artefacts(old) if x.path.startswith("hosts/")}
    new_hosts = {x.path: x for x in artefacts(new) if x.path.startswith("hosts/")}
    def meaning(d: Deployment, x: Artefact) -> str:  # the text without the design file's name in its header
        return x.data().decode("utf-8").replace(d.loaded.path, "\0")

    host_configs = tuple(HostConfig(p, "added" if p not in old_hosts else "changed", x.data().decode("utf-8"))
                         for p, x in sorted(new_hosts.items())
                         if p not in old_hosts or meaning(old, old_hosts[p]) != meaning(new, x))
    switches = switch_changes(configs(old), configs(new))
    plan = ChangePlan(new.slug, new.title, old.loaded.path, new.loaded.path, steps, tuple(switches), host_configs,
                      tuple(sorted(old_hosts.keys() - new_hosts.keys())), tuple(secrets))
    return replace(plan, problems=tuple(check_calls(plan.calls, order=False)))


__all__ = ["Action", "ChangePlan", "HostConfig", "How", "Op", "Step", "plan_change"]
