"""`stackplan change OLD NEW`: the day-2 change from a deployed design OLD to its next version NEW.

Both versions go through the same zone export as a greenfield build (``export.zone_export``:
``DeploySpec``); the change is the difference of the two specs, object by object, keyed by names
(zone, physical network, shared network, pod, cluster, host, pool, image store, setting) and, for
address ranges, by their first address. The result is a typed ``ChangePlan``: ordered steps, each a list of
operations on the CloudStack API (find what exists by name, create what is new, change what
changed, remove what is gone) with the verification an installer runs after it; the switch
configuration lines to add and remove per switch; and the host configurations of new or changed
hosts. ``change_render.py`` turns it into a cmk script and a Markdown runbook chapter. Nothing here
touches the disk.

Order of the steps: settings; then per zone what is new or changed, parents before children (the
zone's own fields, physical networks, public ranges, shared networks, pods with their ranges,
clusters, hosts, then the pools that need the hosts Up, image stores); then what is gone, children
before parents (pools while their hosts are still Up, hosts through maintenance mode, the emptied
clusters and pods, shared networks before the physical network they ride); then whole zones, in
the order CloudStack's ``checkIfZoneIsDeletable`` allows. A second run of the script finds every
new object, sees every changed value already set and every removed object gone: it changes
nothing.

What CloudStack cannot change on a live zone (an isolation method, traffic moving between physical
networks, a shared network's VLAN, a pool's URL, a cluster's hypervisor, ...) is a ``Refusal``: the
plan carries it as a CHANGE-REFUSED finding at the design line that asks for it, and the command
writes no script.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol, TypeVar

from ..artefacts import Artefact
from ..deployment import Deployment
from ..diagnostics import Finding, Severity
from ..export import zone_export
from ..export.api_check import CallProblem, check_calls
from ..export.calls import ApiCall, Lookup, ParamInput, Ref, Secret, Value, call
from ..export.cmk import HOST_USER, ZoneCalls, shell_name
from ..export.spec import (
    LABEL_PARAM,
    ClusterSpec,
    HostSpec,
    ImageStoreSpec,
    IpRange,
    PnetSpec,
    PodSpec,
    PoolSpec,
    SharedNetSpec,
    ZoneSpec,
)
from ..export.vault import HOST_PASSWORD
from ..model import Hypervisor
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
    NONE = "none"  # a list call that must show nothing at all (no system VM left in a zone)


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
class Refusal:
    """A change CloudStack cannot make to a live zone: the change is refused, with what to do instead."""

    obj: object  # the design object at fault (of NEW, or of OLD when ``old``)
    attr: str | int | None
    message: str
    fix: str
    old: bool = False


REFUSED_RULE = "CHANGE-REFUSED"


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
    refused: tuple[Finding, ...] = field(default=())  # changes CloudStack cannot make on a live zone

    @property
    def calls(self) -> list[ApiCall]:
        return [c for s in self.steps for op in (*s.finds, *s.ops) for c in op.calls]

    def __bool__(self) -> bool:
        return bool(self.steps or self.switches or self.host_configs or self.host_configs_removed or self.refused)


class _Named(Protocol):
    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=_Named)


def _by_name(items: Iterable[N]) -> dict[str, N]:
    return {i.name: i for i in items}


def _ranges(items: Iterable[IpRange]) -> dict[str, IpRange]:
    return {r.start: r for r in items}


def _at(items: tuple[str, ...], i: int) -> str | None:
    return items[i] if len(items) > i else None


def _shared(z: ZoneSpec) -> dict[str, SharedNetSpec]:
    """The shared guest networks createNetwork made with an address range, by name (the guest network of an
    advanced zone with security groups among them; a basic zone's has no range of its own)."""
    nets = [*([z.guest_network] if z.guest_network is not None else []), *z.shared_networks]
    return {sn.name: sn for sn in nets if sn.range is not None}


def _range_params(rng: IpRange) -> dict[str, ParamInput | None]:
    return {"gateway": rng.gateway, "netmask": rng.netmask, "startip": rng.start, "endip": rng.end, "vlan": rng.vlan}


class _Builder:
    """Collects the steps; remembers which ids the script has found, so each is looked up once."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self.found: set[str] = set()
        self.pending: list[Op] = []  # finds the next step needs first
        self.refused: list[Refusal] = []

    def refuse(self, obj: object, attr: str | int | None, message: str, fix: str, *, old: bool = False) -> None:
        self.refused.append(Refusal(obj, attr, message, fix, old))

    # -- finding what exists -----------------------------------------------------------------
    def find(self, var: str, api: str, params: dict[str, ParamInput | None], key: tuple[str, str],
             must: bool) -> Ref:
        if var not in self.found:
            self.found.add(var)
            how = How.FIND if must else How.FIND_OR_NONE
            self.pending.append(Op(how, call(api, params, capture=var), key=key))
        return Ref(var)

    def capture(self, var: str, api: str, params: dict[str, ParamInput | None]) -> Ref:
        """An id the zone script also reads as the first id a list call answers (a network offering)."""
        if var not in self.found:
            self.found.add(var)
            self.pending.append(Op(How.CALL, call(api, params, capture=var)))
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

    def network(self, z: ZoneSpec, name: str, must: bool = True) -> Ref:
        zone = self.zone(z, must)
        return self.find(f"Z_{shell_name(z.name)}_NET_{shell_name(name)}_ID", "listNetworks",
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
        self.zone_changes()
        # Physical networks first: what is added below may use their guest ranges.
        self.pnet_changes()
        if new.guest_network is None:
            self.ranges(_ranges(old.public_ranges), _ranges(new.public_ranges), None, virtual=True)
        self.shared_networks()
        old_pods = _by_name(old.pods)
        for pod in new.pods:
            if pod.name in old_pods:
                self.pod_changes(old_pods[pod.name], pod)
            else:
                self.new_pod(pod)
        old_pools = _by_name(old.zone_pools)
        for pool in new.zone_pools:
            if pool.name in old_pools:
                self.pool_changes(old_pools[pool.name], pool, None)
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
            elif (old_stores[store.name].url, old_stores[store.name].details) != (store.url, store.details):
                b.refuse(store.source, "path", f"image store {store.name} of zone {new.name}: its location changed, "
                         "and an image store cannot be re-pointed (updateImageStore changes only its name, capacity "
                         "and read-only flag)", "give the new store another name: the change adds it and removes "
                         "this one, after you copy the templates, ISOs and snapshots over "
                         "(migrateSecondaryStorageData)")

    def pool_changes(self, before: PoolSpec, pool: PoolSpec, cluster: tuple[PodSpec, ClusterSpec] | None) -> None:
        """A primary storage pool that stays: its tags change through updateStoragePool; its URL cannot."""
        b, z = self.b, self.new
        if before.url != pool.url:
            b.refuse(pool.source, "path", f"primary storage {pool.name} of zone {z.name}: its URL changed, and "
                     "CloudStack mounts a pool by the URL createStoragePool gave it",
                     "give the new storage another name: the change creates it and removes this one through "
                     "maintenance mode, once you migrated the volumes you keep")
            return
        if before.tags == pool.tags:
            return
        what = f"tags of primary storage {pool.name}: {before.tags or 'none'} → {pool.tags or 'none'}"
        note = ("disk offerings pick pools by tag: volumes created from now on follow the new tags, volumes there "
                "stay")
        if not pool.tags:
            b.step(Action.manual, what, z.name, (), f"listStoragePools name={pool.name} shows no tags",
                   note=note + "; cmk cannot send an empty tag list: clear them in the UI (Primary storage → Edit)")
            return
        scope: dict[str, ParamInput | None] = {"zoneid": b.zone(z), "name": pool.name}
        if cluster is not None:
            scope["clusterid"] = b.cluster(z, *cluster)
        var = f"P_{shell_name(z.name, pool.name)}_ID"
        ref = b.find(var, "listStoragePools", scope, ("name", pool.name), True)
        b.step(Action.change, what, z.name,
               [Op(How.UPDATE, call("updateStoragePool", {"id": ref, "tags": pool.tags}), key=("name", pool.name),
                   read=call("listStoragePools", scope))],
               f"listStoragePools name={pool.name} shows tags {pool.tags}", note=note)

    # -- the zone itself ----------------------------------------------------------------------------
    def zone_changes(self) -> None:
        """DNS servers, domain and guest CIDR change through updateZone; the zone's type cannot change."""
        old, new, b = self.old, self.new, self.b
        for label, before, after in (("network type", old.networktype, new.networktype),
                                     ("security groups", old.security_groups, new.security_groups)):
            if before != after:
                b.refuse(new.source, "networking" if label == "network type" else "security_groups",
                         f"zone {new.name}: its {label} cannot change on a live zone ({_yaml_word(before)} → "
                         f"{_yaml_word(after)}): "
                         "createZone fixed it and updateZone cannot change it",
                         "keep it, or build a new zone with another name (the change creates it) and remove this "
                         "one once its guests have moved")
        fields = {"dns1": (_at(old.dns, 0), _at(new.dns, 0)), "dns2": (_at(old.dns, 1), _at(new.dns, 1)),
                  "internaldns1": (_at(old.internal_dns, 0), _at(new.internal_dns, 0)),
                  "internaldns2": (_at(old.internal_dns, 1), _at(new.internal_dns, 1)),
                  "domain": (old.domain or None, new.domain or None),
                  "guestcidraddress": (old.guest_cidr, new.guest_cidr)}
        changed = {k: v for k, v in fields.items() if v[0] != v[1]}
        if not changed:
            return
        words = ", ".join(f"{k} {v[0] or 'none'} → {v[1] or 'none'}" for k, v in changed.items())
        cleared = [k for k, (_, after) in changed.items() if after is None]
        sent = {k: after for k, (_, after) in changed.items() if after is not None}
        note = ("DNS servers reach system VMs and virtual routers when they are next started or restarted"
                if any(k.endswith(("dns1", "dns2")) for k in changed) else "")
        if "guestcidraddress" in changed:
            note = "; ".join(x for x in (note, "the guest CIDR applies to isolated networks created from now on: "
                                         "existing networks keep theirs") if x)
        if cleared:
            note = "; ".join(x for x in (note, f"{', '.join(cleared)} left the design: cmk cannot send an empty "
                                         "value, clear it in the UI (Infrastructure → Zones → Edit)") if x)
        if not sent:
            b.step(Action.manual, f"zone {new.name}: {words}", new.name, (),
                   f"listZones name={new.name} shows {', '.join(cleared)} empty", note=note)
            return
        zone = b.zone(new)
        check = ", ".join(f"{k} {v}" for k, v in sent.items())
        b.step(Action.change, f"zone {new.name}: {words}", new.name,
               [Op(How.UPDATE, call("updateZone", {"id": zone, **sent}), key=("name", new.name),
                   read=call("listZones", {"name": new.name}))],
               f"listZones name={new.name} shows {check}", note=note)

    # -- physical networks ---------------------------------------------------------------------------
    def pnet_changes(self) -> None:
        old, new, b = self.old, self.new, self.b
        old_pnets = _by_name(old.pnets)
        for pnet in new.pnets:
            before = old_pnets.get(pnet.name)
            if before is None:
                self.new_pnet(pnet)
                continue
            if before.isolation != pnet.isolation:
                self.refuse_isolation(before, pnet)
                continue
            kinds_before = {t.type for t in before.traffic}
            kinds_after = {t.type for t in pnet.traffic}
            if kinds_before != kinds_after:
                moved = ", ".join(sorted(kinds_before ^ kinds_after))
                b.refuse(pnet.source, "traffic",
                         f"physical network {pnet.name} of zone {new.name}: traffic {moved} would move on a live "
                         "zone; CloudStack keeps management, public and storage traffic on the physical network "
                         "the zone was built with, and a guest physical network cannot lose its guest traffic "
                         "while networks use it",
                         "keep the traffic types where they are, or build a new zone with the new layout")
                continue
            if before.vlan != pnet.vlan and pnet.vlan:
                self.vlan_change(before, pnet)
            if before.tags != pnet.tags:
                self.tag_change(before, pnet)
            labels = {t.type: t.labels for t in before.traffic}
            for traffic in pnet.traffic:
                if labels[traffic.type] != traffic.labels:
                    self.label_change(pnet, traffic.type, labels[traffic.type], traffic.labels)

    def refuse_isolation(self, before: PnetSpec, pnet: PnetSpec) -> None:
        guest_only = {t.type for t in pnet.traffic} == {"Guest"}
        if guest_only:
            fix = (f"keep {before.isolation}, or give the physical network with {pnet.isolation} a new name: the "
                   "change then creates it beside this one (guest traffic may be on several physical networks; "
                   "tell them apart with tags) and deletes this one once no guest network uses it")
        else:
            fix = (f"keep {before.isolation}: this physical network also carries "
                   f"{', '.join(sorted(t.type.lower() for t in pnet.traffic if t.type != 'Guest'))} traffic, "
                   f"which cannot move on a live zone; {pnet.isolation} needs a new zone")
        self.b.refuse(pnet.source, "isolation",
                      f"physical network {pnet.name} of zone {self.new.name}: isolation method {before.isolation} → "
                      f"{pnet.isolation} cannot change on a live zone: updatePhysicalNetwork changes only the guest "
                      "range (vlan), tags, state and speed; createPhysicalNetwork fixed the isolation method", fix)

    def vlan_change(self, before: PnetSpec, pnet: PnetSpec) -> None:
        b, new = self.b, self.new
        pid = b.pnet(new, pnet.name)
        read = call("listPhysicalNetworks", {"zoneid": b.zone(new), "name": pnet.name})
        b.step(Action.change, f"guest VLAN range of physical network {pnet.name}: "
               f"{before.vlan or 'none'} → {pnet.vlan}", new.name,
               [Op(How.UPDATE, call("updatePhysicalNetwork", {"id": pid, "vlan": pnet.vlan}),
                   key=("name", pnet.name), read=read)],
               f"listPhysicalNetworks name={pnet.name} shows vlan {pnet.vlan}",
               note="updatePhysicalNetwork allows this on a live zone; a range that shrinks must leave out no VLAN a "
                    "guest network uses: CloudStack refuses the update otherwise")

    def tag_change(self, before: PnetSpec, pnet: PnetSpec) -> None:
        b, new = self.b, self.new
        what = f"tags of physical network {pnet.name}: {before.tags or 'none'} → {pnet.tags or 'none'}"
        if "," in pnet.tags:
            b.refuse(pnet.source, "tags", f"physical network {pnet.name} of zone {new.name}: CloudStack takes one "
                     f"tag per physical network (updatePhysicalNetwork: \"Unable to support more than one tag on "
                     f"network yet\"), the design gives {pnet.tags}", "keep one tag")
            return
        note = ("updatePhysicalNetwork allows this on a live zone. Network offerings pick a physical network by its "
                "tag: offerings tagged with the old one no longer find this network for new guest networks, while "
                "networks made already stay on it")
        if not pnet.tags:
            b.step(Action.manual, what, new.name, (), f"listPhysicalNetworks name={pnet.name} shows no tags",
                   note=note + ". cmk cannot send an empty tag list: clear the tag in the UI (Zone → Physical "
                   "network → Edit); CloudStack refuses while another physical network of the zone with the same "
                   "traffic has no tag either")
            return
        pid = b.pnet(new, pnet.name)
        read = call("listPhysicalNetworks", {"zoneid": b.zone(new), "name": pnet.name})
        b.step(Action.change, what, new.name,
               [Op(How.UPDATE, call("updatePhysicalNetwork", {"id": pid, "tags": pnet.tags}),
                   key=("name", pnet.name), read=read)],
               f"listPhysicalNetworks name={pnet.name} shows tags {pnet.tags}", note=note)

    def label_change(self, pnet: PnetSpec, kind: str, before: tuple[tuple[Hypervisor, str], ...],
                     after: tuple[tuple[Hypervisor, str], ...]) -> None:
        b, new = self.b, self.new
        labels = {LABEL_PARAM[hv]: label for hv, label in after if hv in LABEL_PARAM}
        gone = sorted(LABEL_PARAM[hv] for hv, _ in before if hv in LABEL_PARAM and LABEL_PARAM[hv] not in labels)
        pid = b.pnet(new, pnet.name)
        var = f"Z_{shell_name(new.name)}_PNET_{shell_name(pnet.name)}_{kind.upper()}_ID"
        tid = b.find(var, "listTrafficTypes", {"physicalnetworkid": pid}, ("traffictype", kind), True)
        text = ", ".join(f"{k} {v}" for k, v in labels.items())
        note = ("the hosts read the label when their agent connects: build the new bridge on every host first "
                "(its host configuration is in this change), then restart cloudstack-agent host by host; running "
                "VMs keep the old bridge until they are stopped and started")
        if gone:
            note += f"; {', '.join(gone)} left the design: cmk cannot send an empty label, clear it in the UI"
        b.step(Action.change, f"{kind.lower()} traffic labels of physical network {pnet.name}: "
               f"{', '.join(f'{hv.value} {lb}' for hv, lb in before) or 'none'} → "
               f"{', '.join(f'{hv.value} {lb}' for hv, lb in after) or 'none'}", new.name,
               [Op(How.UPDATE, call("updateTrafficType", {"id": tid, **labels}), key=("traffictype", kind),
                   read=call("listTrafficTypes", {"physicalnetworkid": pid}))] if labels else [],
               f"listTrafficTypes physicalnetworkid=… shows {kind} with {text or 'no label'}", note=note)

    def new_pnet(self, pnet: PnetSpec) -> None:
        b, z, zc = self.b, self.new, self.zc
        others = sorted(t.type.lower() for t in pnet.traffic if t.type != "Guest")
        if others:
            b.refuse(pnet.source, "traffic",
                     f"physical network {pnet.name} is new in the live zone {z.name} and carries "
                     f"{', '.join(others)} traffic: CloudStack keeps management, public and storage traffic on one "
                     "physical network per zone, the one the zone was built with",
                     "add only guest physical networks to a live zone, or build a new zone")
            return
        zc.zone_id = b.zone(z)
        var = f"Z_{shell_name(z.name)}_PNET_{shell_name(pnet.name)}_ID"
        b.found.add(var)
        zc.physical_network(pnet)
        read = call("listPhysicalNetworks", {"zoneid": zc.zone_id, "name": pnet.name})
        ops = [Op(How.UPDATE, op.call, key=("name", pnet.name), read=read)  # enabled once, with its range
               if op.call.api == "updatePhysicalNetwork" else op for op in _calls(zc)]
        b.step(Action.add, f"guest physical network {pnet.name}" + (f" (tag {pnet.tags})" if pnet.tags else ""),
               z.name, [*ops, _expect("listPhysicalNetworks", {"zoneid": zc.zone_id, "name": pnet.name},
                                             ("name", pnet.name))],
               f"listPhysicalNetworks name={pnet.name} shows it Enabled" + (f" with vlan {pnet.vlan}" if pnet.vlan
                                                                             else ""),
               note="a zone may have several guest physical networks: network offerings choose one by its tag, so "
                    "give each a tag of its own; build its bridge on every host first (host configurations)")

    # -- shared guest networks ------------------------------------------------------------------------
    def shared_networks(self) -> None:
        b, z = self.b, self.new
        old = _shared(self.old)
        pnets = {p.name for p in z.pnets if any(t.type == "Guest" for t in p.traffic)}
        for sn in _shared(z).values():
            before = old.get(sn.name)
            assert sn.range is not None
            if before is None:
                self.new_shared(sn, sn.range)
                continue
            assert before.range is not None
            fixed = [(label, a, c) for label, a, c in (
                ("VLAN", before.range.vlan or "untagged", sn.range.vlan or "untagged"),
                ("gateway", before.range.gateway, sn.range.gateway), ("netmask", before.range.netmask,
                                                                      sn.range.netmask),
                # a network stays on its guest physical network while that one stays (the zone script puts new
                # ones on the first guest physical network by name, which a guest network added may change)
                ("physical network", before.pnet, before.pnet if before.pnet in pnets else sn.pnet),
                ("offering", before.offering, sn.offering),
                ("first address", before.range.start, sn.range.start)) if a != c]
            if fixed:
                b.refuse(sn.source, "range" if fixed[0][0] == "first address" else "network",
                         f"shared network {sn.name} of zone {z.name}: its "
                         f"{', '.join(f'{label} ({a} → {c})' for label, a, c in fixed)} cannot change in place: "
                         "createNetwork fixed them and updateNetwork changes neither VLAN, gateway, netmask, "
                         "physical network nor the first address of its range",
                         "keep them, or give the network a new name: the change then creates the new network and "
                         "deletes the old one once no VM has a NIC on it")
                continue
            if before.range.end != sn.range.end:
                net = b.network(z, sn.name)
                scope: dict[str, ParamInput | None] = {"zoneid": b.zone(z), "networkid": net}
                var = f"R_{shell_name(z.name, sn.range.start)}_ID"
                rid = b.find(var, "listVlanIpRanges", scope, ("startip", sn.range.start), True)
                b.step(Action.change, f"address range of shared network {sn.name}: {before.range.start}-"
                       f"{before.range.end} → {sn.range.start}-{sn.range.end}", z.name,
                       [Op(How.UPDATE, call("updateVlanIpRange", {"id": rid, "endip": sn.range.end}),
                           key=("startip", sn.range.start), read=call("listVlanIpRanges", scope))],
                       f"listVlanIpRanges networkid=… shows {sn.range.start}-{sn.range.end}",
                       note="a range can shrink only by addresses no VM holds")

    def new_shared(self, sn: SharedNetSpec, rng: IpRange) -> None:
        b, z = self.b, self.new
        zone = b.zone(z)
        offering = b.capture(f"OFFERING_{shell_name(sn.offering)}_ID", "listNetworkOfferings", {"name": sn.offering})
        create = call("createNetwork", {
            "zoneid": zone, "name": sn.name, "displaytext": sn.name, "networkofferingid": offering,
            "physicalnetworkid": b.pnet(z, sn.pnet), **_range_params(rng)},
            comment=f"shared network on {rng.network}: VLAN {rng.vlan or 'untagged'}, "
                                 f"gateway {rng.gateway}/{rng.netmask}, guests get {rng.start}-{rng.end}")
        b.step(Action.add, f"shared guest network {sn.name} ({rng.start}-{rng.end}, VLAN {rng.vlan or 'untagged'})",
               z.name, [Op(How.CALL, create),
                        _expect("listNetworks", {"zoneid": zone, "name": sn.name}, ("name", sn.name))],
               f"listNetworks name={sn.name} shows it (type Shared, vlan {rng.vlan or 'untagged'}, gateway "
               f"{rng.gateway}); listVlanIpRanges networkid=… shows {rng.start}-{rng.end}",
               note=f"offering {sn.offering}; trunk the VLAN to the hosts first (the switch lines of this change)")

    def storage_range(self, pod: PodSpec, before: IpRange | None, after: IpRange | None) -> None:
        """A pod's storage-network range: added, or its end, netmask or VLAN changed. (A pod of a zone with
        storage traffic keeps a range: STORAGE-TRAFFIC-WITHOUT-RANGE; it goes only with its pod.)"""
        b, z = self.b, self.new
        if after is None or before == after:
            return
        pid = b.pod(z, pod)
        if before is None:
            b.step(Action.add, f"storage-network range {after.start}-{after.end} of pod {pod.name}", z.name,
                   [Op(How.CALL, call("createStorageNetworkIpRange", {
                       "podid": pid, "gateway": after.gateway, "netmask": after.netmask, "startip": after.start,
                       "endip": after.end, "vlan": after.vlan})),
                    _expect("listStorageNetworkIpRange", {"podid": pid}, ("startip", after.start))],
                   f"listStorageNetworkIpRange podid=… shows {after.start}-{after.end}",
                   note="the secondary storage VM gets its storage NIC when it is next recreated (destroy it once "
                        "the step is done; CloudStack makes a new one)")
            return
        if (before.start, before.gateway) != (after.start, after.gateway) or (before.vlan and not after.vlan):
            b.refuse(pod.source, "storage", f"storage-network range of pod {pod.name}: "
                     f"{before.start}-{before.end} (gateway {before.gateway}, VLAN {before.vlan or 'untagged'}) → "
                     f"{after.start}-{after.end} (gateway {after.gateway}, VLAN {after.vlan or 'untagged'}) cannot "
                     "be updated: updateStorageNetworkIpRange changes only the end, netmask and VLAN",
                     "keep the first address, gateway and VLAN tagging, or remove the pod's storage range in one "
                     "change and add the new one in the next")
            return
        var = f"S_{shell_name(z.name, pod.name)}_ID"
        sid = b.find(var, "listStorageNetworkIpRange", {"podid": pid}, ("startip", before.start), True)
        b.step(Action.change, f"storage-network range of pod {pod.name}: {before.start}-{before.end} → "
               f"{after.start}-{after.end}", z.name,
               [Op(How.UPDATE, call("updateStorageNetworkIpRange", {"id": sid, "endip": after.end,
                                                                    "netmask": after.netmask, "vlan": after.vlan}),
                   key=("startip", after.start), read=call("listStorageNetworkIpRange", {"podid": pid}))],
               f"listStorageNetworkIpRange podid=… shows {after.start}-{after.end}",
               note="a range can shrink only by addresses no system VM holds")

    def new_store(self, store: ImageStoreSpec) -> None:
        b, new = self.b, self.new
        zone = b.zone(new)
        params: dict[str, ParamInput | None] = {"name": store.name, "provider": store.provider, "url": store.url}
        if store.provider in ("NFS", "SMB"):
            params["zoneid"] = zone
        for i, (k, v) in enumerate(store.details):
            params[f"details[{i}].key"] = k
            params[f"details[{i}].value"] = v
        ops: list[Op] = []
        if store.staging_url is not None:  # S3: its NFS staging store first, found by its URL on a second run
            staging = call("createSecondaryStagingStore", {"url": store.staging_url, "provider": "NFS",
                                                          "zoneid": zone}, comment=f"NFS staging store of {store.name}")
            url = store.staging_url.literal
            if url is not None:
                staging = replace(staging, lookup=Lookup("listSecondaryStagingStores", (("zoneid", Value((zone,))),),
                                                         "url", url))
            ops.append(Op(How.CALL, staging))
        b.step(Action.add, f"image store {store.name}", new.name,
               [*ops, Op(How.CALL, call("addImageStore", params)),
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
        self.storage_range(pod, before.storage, pod.storage)
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
        if before.hypervisor != cluster.hypervisor:
            b.refuse(cluster.source, "hypervisor", f"cluster {cluster.name} of pod {pod.name}: its hypervisor "
                     f"({before.hypervisor} → {cluster.hypervisor}) cannot change: a cluster holds hosts of one "
                     "hypervisor, fixed by addCluster", "give the new cluster another name: the change adds it and "
                     "removes this one (through maintenance mode) once its VMs have moved")
            return
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
        for pool in cluster.pools:
            if pool.name in old_pools:
                self.pool_changes(old_pools[pool.name], pool, (pod, cluster))
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
        kept_nets = _shared(new)
        for sn in _shared(old).values():
            if sn.name not in kept_nets:
                remove_network(b, old, sn)
        new_pnets = _by_name(new.pnets)
        for pnet in old.pnets:
            if pnet.name in new_pnets:
                continue
            if {t.type for t in pnet.traffic} != {"Guest"}:
                b.refuse(pnet.source, "traffic",
                         f"physical network {pnet.name} leaves the live zone {old.name} but carries "
                         f"{', '.join(sorted(t.type.lower() for t in pnet.traffic if t.type != 'Guest'))} traffic, "
                         "which cannot move to another physical network of a live zone",
                         f"keep {pnet.name}, or remove the whole zone", old=True)
                continue
            remove_pnet(b, old, pnet)


def remove_network(b: _Builder, z: ZoneSpec, sn: SharedNetSpec) -> None:
    ref = b.network(z, sn.name, False)
    scope: dict[str, ParamInput | None] = {"zoneid": b.zone(z, False), "name": sn.name}
    b.gone(f"shared guest network {sn.name}", z.name, ref.var, [
        Op(How.RUN, call("deleteNetwork", {"id": ref})),
        _expect("listNetworks", scope, ("name", sn.name), How.GONE)],
        f"listNetworks name={sn.name} no longer shows it",
        note="deleteNetwork refuses while a VM has a NIC on the network: move or destroy those VMs first; its "
             "address range goes with it")


def remove_pnet(b: _Builder, z: ZoneSpec, pnet: PnetSpec) -> None:
    ref = b.pnet(z, pnet.name, False)
    kinds = ", ".join(t.type.lower() for t in pnet.traffic)
    b.gone(f"physical network {pnet.name} ({kinds})", z.name, ref.var, [
        Op(How.RUN, call("deletePhysicalNetwork", {"id": ref})),
        _expect("listPhysicalNetworks", {"zoneid": b.zone(z, False), "name": pnet.name}, ("name", pnet.name),
                How.GONE)],
        f"listPhysicalNetworks name={pnet.name} no longer shows it",
        note="CloudStack refuses while a guest network, an allocated VLAN or a public address uses it: delete "
             "its guest networks first")


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
    """A whole zone, in the order CloudStack lets it go: disabled and emptied of system VMs and routers, then
    hosts (each cluster's pools first, while its hosts are Up), clusters, pods, the zone's storage, its
    networks and physical networks, the zone (checkIfZoneIsDeletable refuses while any of them is left)."""
    zone = b.zone(z, False)
    b.gone(f"zone {z.name}: disable it", z.name, zone.var, [
        Op(How.RUN, call("updateZone", {"id": zone, "allocationstate": "Disabled"})),
        Op(How.NONE, call("listSystemVms", {"zoneid": zone})),
        Op(How.NONE, call("listRouters", {"zoneid": zone, "listall": True}))],
        f"listZones name={z.name} shows allocationstate Disabled; listSystemVms and listRouters zoneid=… show none",
        note="destroy its system VMs and virtual routers once it is disabled (destroySystemVm, destroyRouter): they "
             "hold addresses of its ranges and run on its hosts; the script stops here until none is left")
    for pod in z.pods:
        remove_pod(b, z, pod)
    for pool in z.zone_pools:
        remove_pool(b, z, None, None, pool)
    for store in z.image_stores:
        remove_store(b, z, store)
    for rng in z.public_ranges:
        remove_range(b, z, None, rng)
    for sn in sorted([*([z.guest_network] if z.guest_network is not None else []), *z.shared_networks],
                     key=lambda n: n.name):
        remove_network(b, z, sn)
    for pnet in z.pnets:
        remove_pnet(b, z, pnet)
    b.gone(f"zone {z.name} (empty now)", z.name, zone.var, [
        Op(How.RUN, call("deleteZone", {"id": zone})),
        _expect("listZones", {"name": z.name}, ("name", z.name), How.GONE)],
        f"listZones name={z.name} no longer shows it")


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
                      tuple(sorted(old_hosts.keys() - new_hosts.keys())), tuple(secrets),
                      refused=tuple(sorted(_finding(old if r.old else new, r) for r in b.refused)))
    return replace(plan, problems=tuple(check_calls(plan.calls, order=False)))


def _yaml_word(value: object) -> str:
    """A design value as its YAML is written (``true``, not Python's ``True``)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _finding(d: Deployment, r: Refusal) -> Finding:
    """A refusal at the line of the design (NEW, or OLD for what left it) that asks for it."""
    mark = d.loaded.where(r.obj, r.attr)
    return Finding(d.loaded.path, mark.line, mark.column, Severity.error, REFUSED_RULE, r.message, r.fix)


__all__ = ["REFUSED_RULE", "Action", "ChangePlan", "HostConfig", "How", "Op", "Refusal", "Step", "plan_change"]
