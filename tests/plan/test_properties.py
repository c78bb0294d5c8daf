"""Property tests over generated designs: the invariants, determinism and stability of the plan."""

from __future__ import annotations

import copy
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.outputs.address_tables import ip_csv, vlan_csv
from tests.plan.kit import ClusterSpec, PodSpec, Spec, addresses, check_invariants, plan_of

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def pods(draw: st.DrawFn, pod_id: int, second_octet: int) -> PodSpec:
    prefix = draw(st.sampled_from([23, 24, 25, 26]))
    net = IPv4Network(f"10.{second_octet}.0.0/{prefix}")
    size = net.num_addresses
    hosts = list(net.hosts())
    length = draw(st.integers(4, max(4, size // 6)))
    at_end = draw(st.booleans())
    start = len(hosts) - length - 1 if at_end else draw(st.integers(len(hosts) // 3, len(hosts) // 2))
    system_range = f"{hosts[start]}-{hosts[start + length - 1]}"
    gateway = draw(st.sampled_from([str(hosts[0]), str(hosts[-1]), None]))
    ids = draw(st.lists(st.integers(1, 200), min_size=1, max_size=40, unique=True))
    n_clusters = draw(st.integers(1, min(3, len(ids))))
    clusters = []
    taken: set[str] = set()  # explicit addresses are each given to one device (else ADDRESS-DUPLICATE)
    for c in range(n_clusters):
        mine = tuple(sorted(ids[c::n_clusters]))
        pinned: tuple[tuple[int, str], ...] = ()
        if draw(st.booleans()):
            pinned = ((mine[-1], str(draw(st.sampled_from(hosts).filter(lambda h: str(h) not in taken)))),)
            taken.update(address for _, address in pinned)
        clusters.append(ClusterSpec(f"c{c + 1}", mine, pinned))
    primary = f"10.{second_octet + 100}.0.0/24" if draw(st.booleans()) else None
    pinned_switch = (str(draw(st.sampled_from(hosts).filter(lambda h: str(h) not in taken)))
                     if draw(st.booleans()) else None)
    server = str(draw(st.sampled_from(hosts[:40]))) if draw(st.booleans()) else None
    return PodSpec(pod_id, str(net), system_range, tuple(clusters), gateway=gateway,
                   switches=draw(st.integers(0, 4)), pinned_switch=pinned_switch, primary_cidr=primary,
                   storage_server=server)


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    pod_ids = draw(st.lists(st.integers(1, 60), min_size=1, max_size=3, unique=True))
    drawn = tuple(draw(pods(pod_id, 1 + i)) for i, pod_id in enumerate(pod_ids))
    return Spec(drawn, servers=draw(st.integers(1, 3)), db_on_server=draw(st.booleans()),
                load_balancer=draw(st.booleans()), core_pair=draw(st.booleans()))


def _fresh_ids(pod: PodSpec, how_many: int, start: int) -> tuple[int, ...]:
    used = {i for c in pod.clusters for i in c.host_ids}
    fresh: list[int] = []
    candidate = start
    while len(fresh) < how_many:
        if candidate not in used:
            fresh.append(candidate)
        candidate += 1
    return tuple(fresh)


def _assert_kept(before: Spec, after: Spec) -> None:
    old, new = plan_of(before.data()), plan_of(after.data())
    check_invariants(new)
    kept = addresses(new)
    for key, address in addresses(old).items():
        assert kept.get(key) == address, f"{key} moved from {address} to {kept.get(key)}"


@SETTINGS
@given(specs())
def test_invariants(spec: Spec) -> None:
    check_invariants(plan_of(spec.data()))


@SETTINGS
@given(specs())
def test_same_design_same_tables(spec: Spec) -> None:
    data = spec.data()
    first, second = plan_of(data), plan_of(copy.deepcopy(data))
    assert ip_csv(first) == ip_csv(second)
    assert vlan_csv(first) == vlan_csv(second)


@SETTINGS
@given(specs(), st.data())
def test_adding_hosts_keeps_every_address(spec: Spec, data: st.DataObject) -> None:
    which = data.draw(st.integers(0, len(spec.pods) - 1))
    pod = spec.pods[which]
    cluster = data.draw(st.integers(0, len(pod.clusters) - 1))
    new_ids = _fresh_ids(pod, data.draw(st.integers(1, 5)), data.draw(st.integers(1, 220)))
    clusters = list(pod.clusters)
    clusters[cluster] = ClusterSpec(clusters[cluster].name, clusters[cluster].host_ids + new_ids,
                                    clusters[cluster].pinned)
    pods = list(spec.pods)
    pods[which] = PodSpec(**{**pod.__dict__, "clusters": tuple(clusters)})
    _assert_kept(spec, spec.with_pods(tuple(pods)))


@SETTINGS
@given(specs(), st.data())
def test_adding_a_cluster_keeps_every_address(spec: Spec, data: st.DataObject) -> None:
    which = data.draw(st.integers(0, len(spec.pods) - 1))
    pod = spec.pods[which]
    new = ClusterSpec("c9", _fresh_ids(pod, data.draw(st.integers(1, 8)), data.draw(st.integers(1, 220))))
    pods = list(spec.pods)
    pods[which] = PodSpec(**{**pod.__dict__, "clusters": (*pod.clusters, new)})
    _assert_kept(spec, spec.with_pods(tuple(pods)))


@SETTINGS
@given(specs(), st.data())
def test_adding_a_pod_keeps_every_address(spec: Spec, data: st.DataObject) -> None:
    used = {p.id for p in spec.pods}
    pod_id = data.draw(st.integers(1, 99).filter(lambda i: i not in used))
    new = data.draw(pods(pod_id, 50))
    position = data.draw(st.integers(0, len(spec.pods)))
    _assert_kept(spec, spec.with_pods((*spec.pods[:position], new, *spec.pods[position:])))


@SETTINGS
@given(specs(), st.data())
def test_reordering_pods_and_clusters_changes_nothing(spec: Spec, data: st.DataObject) -> None:
    shuffled = tuple(PodSpec(**{**p.__dict__, "clusters": tuple(data.draw(st.permutations(p.clusters)))})
                     for p in data.draw(st.permutations(spec.pods)))
    before, after = plan_of(spec.data()), plan_of(spec.with_pods(shuffled).data())
    assert ip_csv(before) == ip_csv(after)
    assert vlan_csv(before) == vlan_csv(after)


def test_shared_network_hosts_keyed_by_id_across_pods() -> None:
    """Two pods on one management network with disjoint ids: every host keeps its id's address."""
    shared = "10.9.0.0/24"
    pod1 = PodSpec(1, shared, "10.9.0.200-10.9.0.219", (ClusterSpec("c1", (1, 2, 3)),), switches=0,
                   shared_network="shared")
    pod2 = PodSpec(2, shared, "10.9.0.220-10.9.0.239", (ClusterSpec("c1", (101, 102)),), switches=0,
                   shared_network="shared")
    spec = Spec((pod1,), shared_cidrs={"shared": shared})
    both = spec.with_pods((pod1, pod2))
    _assert_kept(spec, both)
    got = addresses(plan_of(both.data()))
    assert got[("p002-kvm101", "shared", "host")] == str(IPv4Address("10.9.0.110") + 1)


# Device ids: an infrastructure device with an 'id' keeps its place in its kind's block ---------

KINDS = ("switches", "firewalls", "storage_servers", "management_servers")
PLACES = 4  # the smallest block: with at most 3 devices of a kind and ids up to 4 it never grows


def _devices(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = data["management"]["servers"] if kind == "management_servers" else data[kind]
    return found


def _device(data: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    """A device of ``kind`` without an address, on the service network (switches: the pod's network)."""
    pod = data["regions"][0]["zones"][0]["pods"][0]
    if kind == "switches":
        return {"name": name, "role": "access", "platform": "cisco_nxos", "site": "s1", "pod": pod["name"],
                "management": {"network": pod["management"]["network"]}}
    if kind == "firewalls":
        return {"name": name, "site": "s1", "interfaces": [{"network": "svc"}]}
    if kind == "storage_servers":
        return {"name": name, "site": "s1", "role": "nfs", "interfaces": [{"network": "svc"}]}
    return {"name": name, "site": "s1", "network": "svc"}


@st.composite
def device_designs(draw: st.DrawFn) -> dict[str, Any]:
    """One pod with 1-3 switches, 1-3 management servers, and 1-2 more firewalls and 1-3 storage
    servers without addresses on the service network (fw1 routes it, as 'gateway_on' says, and takes
    no block place). Every kind has a device on its network already: the first device of a kind
    opens that kind's block, which moves the blocks after it, ids or not."""
    pod = draw(pods(1, 1))
    spec = Spec((PodSpec(**{**pod.__dict__, "switches": draw(st.integers(1, 3)), "pinned_switch": None,
                            "storage_server": None}),), servers=draw(st.integers(1, 3)))
    data = spec.data()
    for net in data["networks"].values():  # fw1 is named, not "the site's first firewall"
        if "gateway" in net:
            net["gateway_on"] = "fw1"
    for n in range(draw(st.integers(1, 2))):
        data["firewalls"].append(_device(data, "firewalls", f"fw{n + 2}"))
    for n in range(draw(st.integers(1, 3))):
        data["storage_servers"].append(_device(data, "storage_servers", f"nfs{n + 1}"))
    return data


def _insert_first(data: dict[str, Any], kind: str, device_id: int | None) -> dict[str, Any]:
    """The design with one more device of ``kind`` whose name sorts before every other."""
    after = copy.deepcopy(data)
    new = _device(after, kind, "a0-new")
    if device_id is not None:
        new["id"] = device_id
    _devices(after, kind).insert(0, new)
    return after


def _kept(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    old, new = plan_of(before), plan_of(after)
    check_invariants(new)
    kept = addresses(new)
    return [f"{key} moved from {address} to {kept.get(key)}" for key, address in addresses(old).items()
            if kept.get(key) != address]


@SETTINGS
@given(device_designs(), st.sampled_from(KINDS), st.data())
def test_inserting_a_device_with_an_id_keeps_the_addresses_of_devices_with_ids(
        data: dict[str, Any], kind: str, draw: st.DataObject) -> None:
    """Every device has an id: a new one that sorts first by name, with a free id, moves nobody."""
    for each in KINDS:
        devices = _devices(data, each)
        for device, device_id in zip(devices, draw.draw(st.permutations(range(1, PLACES + 1))), strict=False):
            device["id"] = device_id
    free = sorted(set(range(1, PLACES + 1)) - {d["id"] for d in _devices(data, kind)})
    new_id = draw.draw(st.sampled_from(free))
    assert _kept(data, _insert_first(data, kind, new_id)) == []


@SETTINGS
@given(device_designs(), st.sampled_from(KINDS))
def test_inserting_a_device_with_an_id_after_the_others_keeps_the_name_ordered_ones(
        data: dict[str, Any], kind: str) -> None:
    """Nobody has an id: the others fill the first places in name order; a new device that sorts first
    by name but takes the last place with its id moves nobody."""
    assert _kept(data, _insert_first(data, kind, PLACES)) == []


def test_without_an_id_a_device_that_sorts_first_moves_the_others() -> None:
    """The problem ids solve: management servers are numbered by name within their block."""
    data = Spec((PodSpec(1, "10.1.0.0/24", "10.1.0.200-10.1.0.219", (ClusterSpec("c1", (1,)),)),),
                servers=2).data()
    moved = _kept(data, _insert_first(data, "management_servers", None))
    assert any("('ms1', 'svc', 'management-server') moved from 10.0.0.2 to 10.0.0.3" in m for m in moved), moved
    assert _kept(data, _insert_first(data, "management_servers", 3)) == []
    plan = plan_of(_insert_first(data, "management_servers", 3))
    assert addresses(plan)[("a0-new", "svc", "management-server")] == "10.0.0.4"
