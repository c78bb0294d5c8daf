"""Property tests over generated designs: the invariants, determinism and stability of the plan."""

from __future__ import annotations

import copy
from ipaddress import IPv4Address, IPv4Network

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
    for c in range(n_clusters):
        mine = tuple(sorted(ids[c::n_clusters]))
        pinned: tuple[tuple[int, str], ...] = ()
        if draw(st.booleans()):
            pinned = ((mine[-1], str(draw(st.sampled_from(hosts)))),)
        clusters.append(ClusterSpec(f"c{c + 1}", mine, pinned))
    primary = f"10.{second_octet + 100}.0.0/24" if draw(st.booleans()) else None
    pinned_switch = str(draw(st.sampled_from(hosts))) if draw(st.booleans()) else None
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
