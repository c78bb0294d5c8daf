"""Rules mined from real operator mistakes (zone_networks, host_networking, hypervisor_pools, storage_layout,
management_platform): each fires on a design with the mistake and stays quiet on its near miss."""

from __future__ import annotations

import copy

import pytest

from tests.rules.kit import (
    Case,
    Data,
    Mutation,
    check_fires,
    check_quiet,
    cluster,
    multipath,
    pnet,
    pod,
    pool,
    profile,
    to_basic,
    to_vmware,
    to_xen,
    zone,
)

# Zone networking ------------------------------------------------------------------------------


def basic_two_pnets(d: Data) -> None:
    """A basic zone that keeps guest traffic on a physical network of its own."""
    to_basic(d)
    z = zone(d)
    guest = next(t for t in z["physical_networks"][0]["traffic"] if t["type"] == "guest")
    z["physical_networks"][0]["traffic"].remove(guest)
    z["physical_networks"].append({"name": "lab-pnet-guest", "interface": "eno2", "traffic": [guest]})


def basic_one_pnet(d: Data) -> None:
    to_basic(d)


def two_tags(d: Data) -> None:
    pnet(d, "guest")["tags"] = ["gold", "silver"]


def one_tag(d: Data) -> None:
    pnet(d, "guest")["tags"] = ["gold"]


def _second_guest_pnet(d: Data) -> Data:
    profile(d)["nics"].append({"name": "eno3", "speed": "10G"})
    extra: Data = {"name": "lab-pnet-guest2", "interface": "eno3", "guest_vlans": ["700-799"],
                   "traffic": [{"type": "guest", "labels": {"kvm": "cloudbr2"}}]}
    zone(d)["physical_networks"].append(extra)
    return extra


def two_untagged_guest(d: Data) -> None:
    _second_guest_pnet(d)


def second_guest_tagged(d: Data) -> None:
    _second_guest_pnet(d)["tags"] = ["vxlan"]


def sg_with_isolated(d: Data) -> None:
    zone(d).update(security_groups=True)
    for key in ("public_ranges",):
        zone(d).pop(key)
    zone(d)["physical_networks"][1]["traffic"] = [{"type": "guest", "labels": {"kvm": "cloudbr1"}}]


def sg_shared_only(d: Data) -> None:
    sg_with_isolated(d)
    zone(d).update(guest_network_kinds=["shared"], planned_routers=0)


def vxlan_on_xen(d: Data) -> None:
    to_xen(d)
    guest = pnet(d, "guest")
    guest.update(isolation="VXLAN", mtu=1550, guest_vnis=["5000-5999"])
    del guest["guest_vlans"]


def vlan_on_xen(d: Data) -> None:
    to_xen(d)


def public_guest_cidr(d: Data) -> None:
    zone(d)["guest_cidr"] = "8.8.0.0/16"


def cgnat_guest_cidr(d: Data) -> None:
    zone(d)["guest_cidr"] = "100.64.0.0/16"


def guest_vlan_one(d: Data) -> None:
    pnet(d, "guest")["guest_vlans"] = ["1-99"]


def guest_vlan_two(d: Data) -> None:
    pnet(d, "guest")["guest_vlans"] = ["2-99"]


def link_local_net(d: Data) -> None:
    d["networks"]["lab-public"]["cidr"] = "169.254.100.0/24"
    d["networks"]["lab-public"]["gateway"] = "169.254.100.1"
    d["firewalls"][0]["interfaces"][1]["address"] = "169.254.100.1"
    zone(d)["public_ranges"][0]["range"] = "169.254.100.10-169.254.100.99"


def dns_in_system_range(d: Data) -> None:
    zone(d)["dns"]["internal"] = ["10.10.0.210"]


def dns_beside_range(d: Data) -> None:
    zone(d)["dns"]["internal"] = ["10.10.0.199"]


def vxlan_and_vlan_guests(d: Data) -> None:
    extra = _second_guest_pnet(d)
    extra.update(tags=["vxlan"], isolation="VXLAN", mtu=1550, guest_vnis=["5000-5999"])
    del extra["guest_vlans"]


def two_vlan_guests(d: Data) -> None:
    second_guest_tagged(d)


def gre_isolation(d: Data) -> None:
    pnet(d, "guest")["isolation"] = "GRE"


def vlan_isolation(d: Data) -> None:
    pnet(d, "guest")["isolation"] = "VLAN"


def _basic_second_guest_range(d: Data, vlan: int) -> None:
    to_basic(d)
    d["networks"]["lab-guest2"] = {"cidr": "10.20.8.0/24", "gateway": "10.20.8.1", "vlan": vlan, "site": "lab"}
    pod(d)["guest_ranges"].append({"network": "lab-guest2", "range": "10.20.8.10-10.20.8.250"})


def basic_guest_two_vlans(d: Data) -> None:
    _basic_second_guest_range(d, 201)


def basic_guest_one_vlan(d: Data) -> None:
    _basic_second_guest_range(d, 200)


def vcenter_in_system_range(d: Data) -> None:
    vmware_vmnics(d)
    cluster(d)["vcenter"]["address"] = "10.10.0.220"


def vcenter_beside_range(d: Data) -> None:
    vmware_vmnics(d)
    cluster(d)["vcenter"]["address"] = "10.10.0.20"


# Host networking ------------------------------------------------------------------------------


def _bond(d: Data, mode: str, second_speed: str = "10G") -> None:
    prof = profile(d)
    prof["nics"].append({"name": "eno3", "speed": second_speed})
    prof["bonds"] = [{"name": "bond0", "members": ["eno1", "eno3"], "mode": mode}]
    pnet(d, "management")["interface"] = "bond0"


def lacp_mixed_speed(d: Data) -> None:
    _bond(d, "802.3ad", "25G")


def active_backup_mixed_speed(d: Data) -> None:
    _bond(d, "active-backup", "25G")


def vmware_linux_nics(d: Data) -> None:
    to_vmware(d)


def vmware_vmnics(d: Data) -> None:
    to_vmware(d)
    profile(d)["nics"] = [{"name": "vmnic0", "speed": "10G"}, {"name": "vmnic1", "speed": "10G"}]
    pnet(d, "management")["interface"] = "vmnic0"
    pnet(d, "guest")["interface"] = "vmnic1"


def underscore_host(d: Data) -> None:
    cluster(d)["hosts"] = [{"name": "lab_kvm{id:02d}", "id": 1, "count": 4}]


def underscore_ms(d: Data) -> None:
    d["management"]["servers"][0]["name"] = "lab_ms1"
    d["management"]["database"]["primary"]["name"] = "lab_ms1"


# Hypervisor pools -----------------------------------------------------------------------------


def _xen_second_profile(d: Data, **changes: str) -> None:
    to_xen(d)
    d["host_profiles"]["xen-b"] = {**copy.deepcopy(profile(d)), **changes}
    cluster(d)["hosts"].append({"name": "lab-xen05", "id": 5, "profile": "xen-b"})


def xen_mixed_release(d: Data) -> None:
    _xen_second_profile(d, os="xenserver-8")


def xen_same_release(d: Data) -> None:
    _xen_second_profile(d, os="xcp-ng-8")


def xen_intel_and_amd(d: Data) -> None:
    _xen_second_profile(d, cpu_model="Intel Xeon Gold 6430")


def xen_amd_models(d: Data) -> None:
    _xen_second_profile(d, cpu_model="AMD EPYC 9254")


def xen_pool_of_70(d: Data) -> None:
    to_xen(d)
    cluster(d).update(hosts=[{"name": "lab-xen{id:02d}", "id": 1, "count": 70}], planned_vms=100)
    _room_for_hosts(d, 70)


def xen_pool_of_64(d: Data) -> None:
    to_xen(d)
    cluster(d).update(hosts=[{"name": "lab-xen{id:02d}", "id": 1, "count": 64}], planned_vms=100)
    _room_for_hosts(d, 64)


def _room_for_hosts(d: Data, count: int) -> None:
    """A /23 management network and enough switch ports for ``count`` hosts."""
    d["networks"]["lab-mgmt"]["cidr"] = "10.10.0.0/23"
    d["switches"][0].update(model="", first_host_port=1, host_ports=count + 4, uplink_ports=[count + 6])
    pod(d)["management"]["system_range"] = "10.10.1.200-10.10.1.229"


def vmware_cluster_of(count: int) -> Mutation:
    def grow(d: Data) -> None:
        vmware_vmnics(d)
        cluster(d).update(hosts=[{"name": "lab-esx{id:02d}", "id": 1, "count": count}], planned_vms=100)
        _room_for_hosts(d, count)

    grow.__name__ = f"vmware_cluster_of_{count}"
    return grow


def _vmware_two_clusters(d: Data, datacenter: str, vcenter: str = "vc.lab.example.net") -> None:
    to_vmware(d)
    second = copy.deepcopy(cluster(d))
    second.update(name="lab-c02", hosts=[{"name": "lab-esx{id:02d}", "id": 11, "count": 4}])
    second["vcenter"] = {"address": vcenter, "datacenter": datacenter}
    for p in second.get("primary_storage", []):
        p["name"] = p["name"] + "-c02"
        p["path"] = p["path"] + "-c02"
    pod(d)["clusters"].append(second)


def vmware_two_dcs(d: Data) -> None:
    _vmware_two_clusters(d, "lab2")


def vmware_one_dc(d: Data) -> None:
    _vmware_two_clusters(d, "lab")


def _second_zone(d: Data) -> Data:
    z2 = copy.deepcopy(zone(d))
    z2["name"] = "lab-z2"
    p2 = z2["pods"][0]
    p2["name"], p2["id"] = "lab-p02", 2
    d["networks"]["lab-mgmt2"] = {"cidr": "10.10.2.0/24", "gateway": "10.10.2.1", "site": "lab", "vlan": 12}
    p2["management"] = {"network": "lab-mgmt2", "system_range": "10.10.2.200-10.10.2.229"}
    c2 = p2["clusters"][0]
    c2["name"] = "lab-c21"
    c2["hosts"] = [{"name": "lab-z2h{id:02d}", "id": 1, "count": 2}]
    c2["planned_vms"] = 10
    for p in c2.get("primary_storage", []):
        p["name"] = "z2-" + p["name"]
        p["path"] = p["path"] + "-z2"
    z2["secondary_storage"][0]["name"] = "lab-secondary2"
    z2["secondary_storage"][0]["path"] = "/export/secondary2"
    z2["public_ranges"][0]["range"] = "192.168.100.100-192.168.100.199"
    for p in z2["physical_networks"]:
        p["name"] = p["name"] + "-z2"
        if p.get("guest_vlans"):
            p["guest_vlans"] = ["600-699"]
    z2["dns"]["internal"] = ["10.10.2.1"]
    d["regions"][0]["zones"].append(z2)
    return z2


def vmware_dc_in_two_zones(d: Data) -> None:
    to_vmware(d)
    _second_zone(d)


def vmware_dc_per_zone(d: Data) -> None:
    to_vmware(d)
    _second_zone(d)["pods"][0]["clusters"][0]["vcenter"]["datacenter"] = "lab2"


def vcenter_short_name(d: Data) -> None:
    to_vmware(d)
    cluster(d)["vcenter"]["address"] = "vc01"


def vcenter_ip(d: Data) -> None:
    to_vmware(d)
    cluster(d)["vcenter"]["address"] = "10.10.0.20"


def _rbd_only(d: Data) -> None:
    d["storage_servers"].append({"name": "lab-ceph1", "site": "lab", "role": "ceph",
                                 "interfaces": [{"network": "lab-mgmt"}]})
    pool(d).update(protocol="rbd", server="lab-ceph1", path="cloudstack")


def rbd_with_ha(d: Data) -> None:
    _rbd_only(d)


def rbd_without_ha(d: Data) -> None:
    _rbd_only(d)
    cluster(d)["ha"] = False


# Storage layout -------------------------------------------------------------------------------


def same_export_twice(d: Data) -> None:
    cluster(d)["primary_storage"].append({**pool(d), "name": "lab-primary2"})


def second_export(d: Data) -> None:
    cluster(d)["primary_storage"].append({**pool(d), "name": "lab-primary2", "path": "/export/primary2"})


def same_export_in_two_zones(d: Data) -> None:
    pool2 = _second_zone(d)["pods"][0]["clusters"][0]["primary_storage"][0]
    pool2["path"] = pool(d)["path"]


def own_export_per_zone(d: Data) -> None:
    _second_zone(d)


def server_colon_path(d: Data) -> None:
    zone(d)["secondary_storage"][0]["path"] = "10.10.0.50:/export/secondary"


def relative_path(d: Data) -> None:
    zone(d)["secondary_storage"][0]["path"] = "export/secondary"


def iscsi_lun_name(d: Data) -> None:
    multipath(d)
    pool(d)["path"] = "/lun1"


def iscsi_iqn_lun(d: Data) -> None:
    multipath(d)


def smb_secondary_on_kvm(d: Data) -> None:
    d["storage_servers"].append({"name": "lab-smb1", "site": "lab", "role": "smb",
                                 "interfaces": [{"network": "lab-mgmt"}]})
    zone(d)["secondary_storage"][0].update(protocol="smb", server="lab-smb1")


def nfs_secondary_on_kvm(d: Data) -> None:
    """The base design: NFS secondary storage for KVM."""


# Management platform --------------------------------------------------------------------------


def ms_on_xenserver(d: Data) -> None:
    d["management"]["servers"][0]["os"] = "xenserver-8"


def ms_on_el9(d: Data) -> None:
    d["management"]["servers"][0]["os"] = "el9"


def mariadb_105(d: Data) -> None:
    d["management"]["database"]["engine"] = "mariadb-10.5"


def mariadb_1011(d: Data) -> None:
    d["management"]["database"]["engine"] = "mariadb-10.11"


def _standby(d: Data) -> None:
    d["sites"].append({"name": "dr"})
    d["networks"]["dr-mgmt"] = {"cidr": "10.30.0.0/24", "gateway": "10.30.0.1", "site": "dr"}
    d["management"]["servers"].append({"name": "dr-ms1", "site": "dr", "network": "dr-mgmt", "standby": True})


def standby_without_replica(d: Data) -> None:
    _standby(d)


def standby_with_replica(d: Data) -> None:
    _standby(d)
    d["management"]["database"]["replica"] = {"name": "dr-db1", "site": "dr", "network": "dr-mgmt"}


def replica_beside_primary(d: Data) -> None:
    _standby(d)
    d["management"]["database"]["replica"] = {"name": "lab-db2", "site": "lab", "network": "lab-mgmt"}


CASES = [
    Case("BASIC-ONE-PNET", basic_two_pnets, ("basic zone lab-z1", "2 physical networks"), basic_one_pnet),
    Case("PNET-ONE-TAG", two_tags, ("lab-pnet-guest", "gold, silver"), one_tag),
    Case("GUEST-PNET-UNTAGGED", two_untagged_guest, ("lab-pnet-guest", "lab-pnet-guest2", "neither has a tag"),
         second_guest_tagged),
    Case("ZONE-SG-ISOLATED", sg_with_isolated, ("lab-z1", "isolated and vpc"), sg_shared_only,
         at="- isolated"),
    Case("VXLAN-HYPERVISOR", vxlan_on_xen, ("lab-pnet-guest", "xenserver"), vlan_on_xen, at="isolation: VXLAN"),
    Case("GUEST-PNET-MIXED-ISOLATION", vxlan_and_vlan_guests, ("lab-pnet-guest (VLAN)", "lab-pnet-guest2 (VXLAN)"),
         two_vlan_guests, at="isolation: VXLAN"),
    Case("ISOLATION-GRE", gre_isolation, ("lab-pnet-guest", "GRE"), vlan_isolation, at="isolation: GRE"),
    Case("BASIC-POD-ONE-VLAN", basic_guest_two_vlans, ("lab-p01", "lab-guest (VLAN 200)", "lab-guest2 (VLAN 201)"),
         basic_guest_one_vlan, at="network: lab-guest2"),
    Case("ZONE-GUEST-CIDR-PRIVATE", public_guest_cidr, ("8.8.0.0/16", "lab-z1"), cgnat_guest_cidr,
         at="guest_cidr"),
    Case("GUEST-VLAN-DEFAULT", guest_vlan_one, ("1-99", "lab-pnet-guest"), guest_vlan_two, at="1-99"),
    Case("NET-LINK-LOCAL", link_local_net, ("lab-public", "169.254.100.0/24"), at="cidr: 169.254"),
    Case("ADDRESS-REF-IN-RANGE", dns_in_system_range, ("internal DNS server 10.10.0.210", "system-VM range"),
         dns_beside_range, at="10.10.0.210"),
    Case("ADDRESS-REF-IN-RANGE", vcenter_in_system_range, ("vCenter of cluster lab-c01 10.10.0.220", "system-VM range"),
         vcenter_beside_range, at="address: 10.10.0.220"),
    Case("BOND-MIXED-SPEED", lacp_mixed_speed, ("bond0", "eno1 10G", "eno3 25G"), active_backup_mixed_speed),
    Case("VMWARE-NIC-NAMES", vmware_linux_nics, ("eno1", "kvm-small"), vmware_vmnics, at="name: eno1"),
    Case("HOST-NAME-INVALID", underscore_host, ("lab_kvm01", "underscore"), at="lab_kvm"),
    Case("HOST-NAME-INVALID", underscore_ms, ("management server", "lab_ms1")),
    Case("XENSERVER-POOL-MIXED-OS", xen_mixed_release, ("lab-c01", "xcp-ng-8", "xenserver-8 (lab-xen05)"),
         xen_same_release, at="profile: xen-b"),
    Case("XENSERVER-POOL-CPU-VENDOR", xen_intel_and_amd, ("lab-c01", "AMD (lab-kvm01)", "Intel (lab-xen05)"),
         xen_amd_models, at="profile: xen-b"),
    Case("XENSERVER-POOL-SIZE", xen_pool_of_70, ("lab-c01", "70 hosts"), xen_pool_of_64),
    Case("VMWARE-CLUSTER-SIZE", vmware_cluster_of(70), ("lab-c01", "70 hosts"), vmware_cluster_of(64)),
    Case("VMWARE-ZONE-ONE-DC", vmware_two_dcs, ("lab-c02", "lab2", "lab-c01"), vmware_one_dc, at="datacenter: lab2"),
    Case("VMWARE-DC-ONE-ZONE", vmware_dc_in_two_zones, ("datacenter lab", "lab-z2", "lab-z1"), vmware_dc_per_zone),
    Case("VMWARE-VCENTER-ADDRESS", vcenter_short_name, ("'vc01'", "short host name"), vcenter_ip,
         at="address: vc01"),
    Case("KVM-HA-NO-NFS", rbd_with_ha, ("lab-c01", "rbd", "heartbeat"), rbd_without_ha),
    Case("PRIMARY-DUPLICATE-EXPORT", same_export_twice,
         ("lab-primary1 (zone lab-z1)", "lab-primary2", "lab-nfs1:/export/primary"), second_export),
    Case("PRIMARY-DUPLICATE-EXPORT", same_export_in_two_zones,
         ("lab-primary1 (zone lab-z1)", "z2-lab-primary1 (zone lab-z2)"), own_export_per_zone),
    Case("NFS-PATH-FORMAT", server_colon_path, ("lab-secondary1", "10.10.0.50:/export/secondary", "':'"),
         relative_path, at="10.10.0.50:/export"),
    Case("ISCSI-PATH-FORMAT", iscsi_lun_name, ("lab-primary1", "/lun1"), iscsi_iqn_lun, at="path: /lun1"),
    Case("SECONDARY-SMB-HYPERVISOR", smb_secondary_on_kvm, ("lab-secondary1", "SMB", "no Hyper-V"),
         nfs_secondary_on_kvm, at="protocol: smb"),
    Case("MGMT-SERVER-OS", ms_on_xenserver, ("lab-ms1", "xenserver-8"), ms_on_el9, at="xenserver-8"),
    Case("DB-MARIADB-OLD", mariadb_105, ("mariadb-10.5", "10.6"), mariadb_1011, at="mariadb-10.5"),
    Case("MGMT-STANDBY-NO-REPLICA", standby_without_replica, ("dr-ms1", "no replica"), standby_with_replica),
    Case("DB-REPLICA-SAME-SITE", replica_beside_primary, ("lab-db2", "site lab"), standby_with_replica),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)

