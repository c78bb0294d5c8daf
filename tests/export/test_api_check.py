"""The API checker on hand-made call lists: each rule fires on a bad call and stays quiet otherwise."""

from __future__ import annotations

import pytest

from generator.export.api_check import catalogue, check_calls
from generator.export.calls import ApiCall, ParamInput, Ref, Secret, Value, call

Z = "z1"


def zone(networktype: str = "Advanced", **extra: ParamInput) -> ApiCall:
    return call("createZone", {"name": Z, "networktype": networktype, "dns1": "9.9.9.9", "internaldns1": "10.0.0.53",
                               **extra}, capture="Z1_ID", zone=Z)


def pnet(var: str = "P1") -> ApiCall:
    return call("createPhysicalNetwork", {"zoneid": Ref("Z1_ID"), "name": var}, capture=var, zone=Z)


def pod(**over: ParamInput | None) -> ApiCall:
    params: dict[str, ParamInput | None] = {"zoneid": Ref("Z1_ID"), "name": "p1", "gateway": "10.0.0.1",
                                            "netmask": "255.255.255.0", "startip": "10.0.0.200",
                                            "endip": "10.0.0.220"}
    params.update(over)
    name = str(params["name"])
    return call("createPod", params, capture="POD" if name == "p1" else f"POD_{name.upper()}", zone=Z)


def cluster(hypervisor: str = "KVM") -> ApiCall:
    return call("addCluster", {"zoneid": Ref("Z1_ID"), "podid": Ref("POD"), "clustername": "c1",
                               "hypervisor": hypervisor, "clustertype": "CloudManaged"}, capture="C1", zone=Z)


def messages(calls: list[ApiCall]) -> list[str]:
    return [p.message for p in check_calls(calls)]


def test_a_good_sequence_passes() -> None:
    calls = [
        call("updateConfiguration", {"name": "expunge.delay", "value": "60"}),
        zone(), pnet(),
        call("addTrafficType", {"physicalnetworkid": Ref("P1"), "traffictype": "Management"}, zone=Z),
        call("updatePhysicalNetwork", {"id": Ref("P1"), "state": "Enabled", "vlan": "100-200,300"}, zone=Z),
        pod(), cluster(),
        call("addHost", {"zoneid": Ref("Z1_ID"), "podid": Ref("POD"), "clusterid": Ref("C1"), "hypervisor": "KVM",
                         "url": "http://10.0.0.11", "username": "root", "password": Secret("HOST_PASSWORD")}, zone=Z),
        call("createStoragePool", {"zoneid": Ref("Z1_ID"), "podid": Ref("POD"), "clusterid": Ref("C1"),
                                   "name": "ps1", "url": "nfs://10.0.0.5/export"}, zone=Z),
        call("addImageStore", {"provider": "NFS", "url": "nfs://10.0.0.5/sec", "zoneid": Ref("Z1_ID")}, zone=Z),
        call("updateZone", {"id": Ref("Z1_ID"), "allocationstate": "Enabled"}, zone=Z),
    ]
    assert messages(calls) == []


@pytest.mark.parametrize(("bad", "message"), [
    (call("createZones", {"name": "x"}, zone=Z), "createZones is not a CloudStack API"),
    (call("createPod", {"zoneid": Ref("Z1_ID"), "name": "p", "gateway": "10.0.0.1", "netmask": "255.255.255.0",
                        "startip": "10.0.0.2", "vlan": "5"}, zone=Z), "createPod has no parameter 'vlan'"),
    (call("createPhysicalNetwork", {"name": "p"}, zone=Z), "createPhysicalNetwork needs 'zoneid'"),
    (call("updateZone", {"id": Ref("NOPE")}, zone=Z), "updateZone uses $NOPE before any call captured it"),
])
def test_catalogue_errors(bad: ApiCall, message: str) -> None:
    assert message in messages([zone(), bad])


def test_create_pod_needs_ip_range_parameters() -> None:
    found = messages([zone(), pod(gateway=None, netmask=None)])
    assert "createPod: gateway is required by the server for a pod of a non-edge zone" in found
    assert "createPod: netmask is required by the server for a pod of a non-edge zone" in found


def test_create_pod_gateway_outside_the_system_range_and_cidrs_apart() -> None:
    assert "createPod: gateway 10.0.0.205 lies inside the system VM range 10.0.0.200-10.0.0.220" in messages(
        [zone(), pod(gateway="10.0.0.205")])
    second = call("createPod", {"zoneid": Ref("Z1_ID"), "name": "p2", "gateway": "10.0.0.129",
                                "netmask": "255.255.255.128", "startip": "10.0.0.140"}, capture="POD2", zone=Z)
    assert any("overlaps pod p1" in m for m in messages([zone(), pod(), second]))


def test_basic_zone_refuses_guest_cidr() -> None:
    assert "createZone: guestcidraddress is refused for Basic zones" in messages(
        [zone("Basic", guestcidraddress="10.1.0.0/16")])


def test_no_public_range_in_security_group_zone() -> None:
    public = call("createVlanIpRange", {"zoneid": Ref("Z1_ID"), "gateway": "192.0.2.1", "netmask": "255.255.255.0",
                                        "startip": "192.0.2.10", "endip": "192.0.2.20", "forvirtualnetwork": True},
                  zone=Z)
    assert any("refused in zone z1, which uses security groups" in m
               for m in messages([zone(securitygroupenabled=True), pod(), public]))
    assert not any("security groups" in m for m in messages([zone(), pod(), public]))


def test_zone_wide_pool_not_for_xenserver() -> None:
    pool = call("createStoragePool", {"zoneid": Ref("Z1_ID"), "name": "zw", "url": "nfs://10.0.0.5/x",
                                      "scope": "zone", "hypervisor": "XenServer"}, zone=Z)
    assert "createStoragePool: zone-wide primary storage is not allowed for XenServer" in messages([zone(), pool])


def test_add_host_cluster_reference_and_credentials() -> None:
    both = call("addHost", {"zoneid": Ref("Z1_ID"), "podid": Ref("POD"), "clusterid": Ref("C1"),
                            "clustername": "c1", "hypervisor": "XenServer", "url": "http://10.0.0.11",
                            "username": "root"}, zone=Z)
    found = messages([zone(), pod(), cluster("XenServer"), both])
    assert "addHost: give clusterid or clustername, not both and not neither" in found
    assert "addHost: xenserver hosts need a username and a password" in found


def test_public_traffic_on_one_physical_network_only() -> None:
    calls = [zone(), pnet("P1"), pnet("P2")] + [
        call("addTrafficType", {"physicalnetworkid": Ref(p), "traffictype": "Public"}, zone=Z) for p in ("P1", "P2")]
    assert "addTrafficType: Public traffic may be on only one physical network per zone" in messages(calls)


def test_storage_range_needs_storage_traffic() -> None:
    rng = call("createStorageNetworkIpRange", {"podid": Ref("POD"), "gateway": "10.0.8.1", "netmask": "255.255.255.0",
                                               "startip": "10.0.8.10", "endip": "10.0.8.20"}, zone=Z)
    assert "createStorageNetworkIpRange: no physical network of the zone carries Storage traffic" in messages(
        [zone(), pnet(), pod(), rng])


def test_advanced_security_group_zone_takes_no_vmware_cluster() -> None:
    assert any("takes only KVM, XenServer and LXC clusters" in m
               for m in messages([zone(securitygroupenabled=True), pod(), cluster("VMware")]))


def test_order_follows_the_canonical_sequence() -> None:
    host = call("addHost", {"zoneid": Ref("Z1_ID"), "podid": Ref("POD"), "clusterid": Ref("C1"),
                            "hypervisor": "KVM", "url": "http://10.0.0.11", "username": "root"}, zone=Z)
    late_pnet = pnet("P9")
    found = messages([zone(), pod(), cluster(), host, late_pnet])
    assert any(m.startswith("createPhysicalNetwork (physical network) comes after hosts") for m in found)
    setting_late = call("updateConfiguration", {"name": "a", "value": "b"})
    assert "global settings come before the first zone" in messages([zone(), setting_late])


def test_cluster_block_may_repeat() -> None:
    second = call("addCluster", {"zoneid": Ref("Z1_ID"), "podid": Ref("POD"), "clustername": "c2",
                                 "hypervisor": "KVM", "clustertype": "CloudManaged"}, capture="C2", zone=Z)
    pool = call("createStoragePool", {"zoneid": Ref("Z1_ID"), "podid": Ref("POD"), "clusterid": Ref("C1"),
                                      "name": "ps1", "url": "nfs://10.0.0.5/export"}, zone=Z)
    assert messages([zone(), pod(), cluster(), pool, second]) == []


def test_pods_share_a_subnet_when_check_pod_cidrs_is_false() -> None:
    """POD-CIDR-OVERLAP lets pods share a subnet with check.pod.cidrs false; the zone script check agrees."""
    shared = [zone(), pod(), pod(name="p2", startip="10.0.0.230", endip="10.0.0.240")]
    assert messages(shared) == ["createPod: pod CIDR 10.0.0.0/24 overlaps pod p1's 10.0.0.0/24 (check.pod.cidrs)"]
    off = call("updateConfiguration", {"name": "check.pod.cidrs", "value": "false"})
    assert messages([off, *shared]) == []
    assert messages([off, zone(), pod(), pod(name="p2", startip="10.0.0.210")]) == [
        "createPod: system VM range 10.0.0.210-10.0.0.220 overlaps pod p1's 10.0.0.200-10.0.0.220"]


def test_every_create_looks_its_object_up_with_a_valid_list_call() -> None:
    from generator.export.calls import LOOKUPS

    apis = catalogue()
    for create, (list_api, scope, source, _) in LOOKUPS.items():
        assert create in apis and list_api in apis, create
        assert all(name in apis[list_api].params for name, _ in scope), list_api
        assert all(src in apis[create].params for _, src in scope) and source in apis[create].params, create


def test_a_lookup_with_an_unknown_parameter_is_refused() -> None:
    from dataclasses import replace

    from generator.export.calls import Lookup

    bad = replace(zone(), lookup=Lookup("listZones", (("zone_name", Value(("z1",))),), "name", "z1"))
    assert any("has no parameter 'zone_name'" in p.message for p in check_calls([bad]))
