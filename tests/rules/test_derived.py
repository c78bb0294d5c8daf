"""Derived checks on mutations of designs/small-scale.yaml: settings cross-checked with the design
(generator/rules/settings_derived.py), capacities (capacity_derived.py) and routes (reachability.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.rules.kit import (
    Case,
    Data,
    check_fires,
    check_quiet,
    cluster,
    mgmt_net,
    nfs,
    nothing,
    pnet,
    public_net,
    to_basic,
    to_vmware,
    to_xen,
    traffic,
    with_storage,
    zone,
)

Step = Callable[[Data], None]


def mut(name: str, *steps: Step) -> Step:
    """One mutation made of steps, named for the test id (and the outcome cache)."""

    def mutation(d: Data) -> None:
        for step in steps:
            step(d)

    mutation.__name__ = name
    return mutation


def sets(**values: Any) -> Step:
    """Global settings (keyword names use '__' for '.')."""

    def step(d: Data) -> None:
        d.setdefault("settings", {}).update({k.replace("__", "."): v for k, v in values.items()})

    return step


def l2_segment(d: Data) -> None:
    """A layer-2 segment without a gateway at the site."""
    d["networks"]["lab-l2"] = {"cidr": "10.10.5.0/24", "vlan": 150, "site": "lab"}


def routed_segment(d: Data) -> None:
    d["networks"]["lab-l2"] = {"cidr": "10.10.5.0/24", "gateway": "10.10.5.1", "vlan": 150, "site": "lab"}


def dns_internal(address: str) -> Step:
    def step(d: Data) -> None:
        zone(d)["dns"]["internal"] = [address]

    return step


def dns_public(address: str) -> Step:
    def step(d: Data) -> None:
        zone(d)["dns"]["public"] = [address]

    return step


def separate_db(d: Data) -> None:
    d["management"]["database"]["primary"] = {"name": "lab-db1", "site": "lab", "network": "lab-l2"}


def max_connections(n: int) -> Step:
    def step(d: Data) -> None:
        d["management"]["database"]["max_connections"] = n

    return step


def guest_vlans(text: str) -> Step:
    def step(d: Data) -> None:
        pnet(d, "guest")["guest_vlans"] = [text]

    return step


def routers(n: int) -> Step:
    def step(d: Data) -> None:
        zone(d)["planned_routers"] = n

    return step


def planned_vms(n: int) -> Step:
    def step(d: Data) -> None:
        cluster(d)["planned_vms"] = n

    return step


def nfs_on_l2(d: Data) -> None:
    nfs(d)["interfaces"] = [{"network": "lab-l2", "address": "10.10.5.20"}]


def s3_store(endpoint: str) -> Step:
    def step(d: Data) -> None:
        zone(d)["secondary_storage"] = [{"name": "lab-s3", "protocol": "s3", "bucket": "templates",
                                          "endpoint": endpoint}]

    return step


def s3_staged_on_l2(d: Data) -> None:
    d["storage_servers"].append({"name": "lab-nfs2", "site": "lab", "role": "nfs",
                                 "interfaces": [{"network": "lab-l2", "address": "10.10.5.30"}]})
    zone(d)["secondary_storage"] = [{"name": "lab-s3", "protocol": "s3", "bucket": "templates",
                                      "endpoint": "http://10.10.0.20:9000",
                                      "staging": {"server": "lab-nfs2", "path": "/export/staging"}}]


def vmware_port_groups(*groups: str) -> Step:
    def step(d: Data) -> None:
        to_vmware(d)
        d["host_profiles"][cluster(d)["profile"]]["host_switches"] = [
            {"name": "vSwitch0", "kind": "vswitch", "uplink": "eno1", "port_groups": list(groups)},
            {"name": "vSwitch1", "kind": "vswitch", "uplink": "eno2"}]

    return step


def vcenter_at(address: str) -> Step:
    def step(d: Data) -> None:
        cluster(d)["vcenter"]["address"] = address

    return step


def vmware_label(label: str) -> Step:
    def step(d: Data) -> None:
        traffic(d, "guest")["labels"] = {"vmware": label}
        traffic(d, "public")["labels"] = {"vmware": label}

    return step


def mtu_public(d: Data) -> None:
    public_net(d)["mtu"] = 9000


def mtu_guest(d: Data) -> None:
    pnet(d, "guest").update(mtu=9100, guest_mtu=9000)


def mtu_mgmt_1400(d: Data) -> None:
    mgmt_net(d)["mtu"] = 1400


def local_zone(d: Data) -> None:
    zone(d)["local_storage"] = True


def xen_storage(d: Data) -> None:
    with_storage(d)
    traffic(d, "storage")["labels"] = {"xenserver": "cloud-storage"}


def to_hyperv(d: Data) -> None:
    cluster(d)["hypervisor"] = "hyperv"
    prof = d["host_profiles"][cluster(d)["profile"]]
    prof.update(hypervisor="hyperv", os="windows-2019")
    for p in zone(d)["physical_networks"]:
        for t in p["traffic"]:
            t["labels"] = {"hyperv": "vSwitchMgmt" if t["type"] == "management" else "vSwitchGuest"}


def two_servers(d: Data) -> None:
    ms = d["management"]["servers"][0]
    d["management"]["servers"].append({**ms, "name": "lab-ms2"})


CASES = [
    # capacities
    Case("CAPACITY-DB-CONNECTIONS", mut("db_300", max_connections(300)), ("300", "350", "lab-ms1"),
         mut("db_350", max_connections(350)), at="max_connections"),
    Case("CAPACITY-GUEST-VLANS", mut("vlans_10", guest_vlans("500-509")), ("lab-z1", "20", "hold 10"),
         mut("vlans_20", guest_vlans("500-519")), at="planned_routers"),
    Case("CAPACITY-GUEST-ADDRESSES", mut("basic_500", to_basic, planned_vms(500)),
         ("lab-p01", "497", "needs 501"), mut("basic_496", to_basic, planned_vms(496)),
         at="network: lab-guest"),
    # routes
    Case("REACH-DATABASE", mut("db_on_l2", l2_segment, separate_db), ("lab-ms1", "lab-db1", "layer-2 segment"),
         mut("db_routed", routed_segment, separate_db)),
    Case("REACH-DNS-INTERNAL", mut("dns_in_l2", l2_segment, dns_internal("10.10.5.53")),
         ("10.10.5.53", "lab-p01", "lab-l2"), mut("dns_in_routed", routed_segment, dns_internal("10.10.5.53"))),
    Case("REACH-DNS-PUBLIC", mut("dns_pub_l2", l2_segment, dns_public("10.10.5.53")),
         ("10.10.5.53", "lab-public"), mut("dns_pub_routed", routed_segment, dns_public("10.10.5.53"))),
    Case("REACH-PRIMARY-STORAGE", mut("nfs_l2", l2_segment, nfs_on_l2), ("lab-nfs1", "lab-primary1", "lab-c01"),
         mut("nfs_routed", routed_segment, nfs_on_l2), at="server: lab-nfs1"),
    Case("REACH-S3-ENDPOINT", mut("s3_l2", l2_segment, s3_store("http://10.10.5.20:9000")),
         ("10.10.5.20", "lab-s3"), mut("s3_routed", routed_segment, s3_store("http://10.10.5.20:9000"))),
    Case("REACH-STAGING-STORE", mut("staging_l2", l2_segment, s3_staged_on_l2), ("lab-nfs2", "lab-s3", "lab-mgmt"),
         mut("staging_routed", routed_segment, s3_staged_on_l2), at="server: lab-nfs2"),
    Case("REACH-VCENTER", mut("vc_l2", to_vmware, l2_segment, vcenter_at("10.10.5.10")),
         ("10.10.5.10", "lab-ms1"), mut("vc_routed", to_vmware, routed_segment, vcenter_at("10.10.5.10"))),
    # settings
    Case("SETTING-AGENT-LB-SERVERS", mut("agent_lb_one", sets(agent__lb__enabled=True)), ("1 active",),
         mut("agent_lb_two", two_servers, sets(agent__lb__enabled=True))),
    Case("SETTING-CLUSTER-CPU-THRESHOLD", mut("vms_140", planned_vms(140)), ("lab-c01", "140 of 160"),
         mut("vms_136", planned_vms(136))),
    Case("SETTING-CLUSTER-MEMORY-THRESHOLD", mut("vms_140m", planned_vms(140)), ("lab-c01", "140 of 160"),
         mut("vms_140_raised", planned_vms(140), sets(cluster__memory__allocated__capacity__disablethreshold=0.9))),
    Case("SETTING-CONSOLE-DOMAIN", mut("console_bad", sets(consoleproxy__url__domain="console example")),
         ("consoleproxy.url.domain",), mut("console_ok", sets(consoleproxy__url__domain="*.console.example.net"))),
    Case("SETTING-CONSOLE-SSL", mut("ssl_no_domain", sets(consoleproxy__sslEnabled=True)),
         ("consoleproxy.url.domain",),
         mut("ssl_domain", sets(consoleproxy__sslEnabled=True, consoleproxy__url__domain="*.c.example.net"))),
    Case("SETTING-DIRECT-IP-THRESHOLD", mut("basic_380", to_basic, planned_vms(380)), ("lab-p01", "381 of 497"),
         mut("basic_360", to_basic, planned_vms(360))),
    Case("SETTING-ENDPOINT-URL", mut("endpoint_l2", l2_segment, sets(endpoint__url="http://10.10.5.5:8080/client/api")),
         ("10.10.5.5", "lab-mgmt"), mut("endpoint_ok", sets(endpoint__url="http://10.10.0.5:8080/client/api"))),
    Case("SETTING-GUEST-DOMAIN", mut("guest_domain_bad", sets(guest__domain__suffix="*.cloud")),
         ("guest.domain.suffix",), mut("guest_domain_ok", sets(guest__domain__suffix="guests.example.net"))),
    Case("SETTING-GUEST-VLAN-BITS", mut("bits_9", sets(guest__vlan__bits=9)), ("500-599", "511"),
         mut("bits_10", sets(guest__vlan__bits=10))),
    Case("SETTING-HOST-LIST", mut("host_elsewhere", sets(host="10.99.0.5")), ("10.99.0.5", "lab-mgmt"),
         mut("host_ok", sets(host="10.10.0.5"))),
    Case("SETTING-HYPERV-PRIVATE-DEVICE", mut("hyperv_dev", to_hyperv, sets(hyperv__private__network__device="sw9")),
         ("vSwitchMgmt", "sw9"), mut("hyperv_dev_ok", to_hyperv, sets(hyperv__private__network__device="vSwitchMgmt"))),
    Case("SETTING-HYPERVISOR-LIST", mut("hv_list", sets(hypervisor__list="XenServer,VMware")), ("lab-c01", "kvm"),
         mut("hv_list_ok", sets(hypervisor__list="KVM,VMware"))),
    Case("SETTING-INTERNAL-SITES-ROUTE", mut("sites_l2", l2_segment,
                                             sets(secstorage__allowed__internal__sites="10.10.5.0/24")),
         ("10.10.5.0/24", "layer-2"), mut("sites_routed", routed_segment,
                                          sets(secstorage__allowed__internal__sites="10.10.5.0/24"))),
    Case("SETTING-KVM-PRIVATE-DEVICE", mut("kvm_priv", sets(kvm__private__network__device="cloudbr9")),
         ("cloudbr0", "cloudbr9"), mut("kvm_priv_ok", sets(kvm__private__network__device="cloudbr0"))),
    Case("SETTING-KVM-PUBLIC-DEVICE", mut("kvm_pub", sets(kvm__public__network__device="cloudbr9")),
         ("cloudbr1", "public"), mut("kvm_pub_ok", sets(kvm__public__network__device="cloudbr1"))),
    Case("SETTING-KVM-GUEST-DEVICE", mut("kvm_guest", sets(kvm__guest__network__device="cloudbr9")),
         ("cloudbr1", "guest"), mut("kvm_guest_ok", sets(kvm__guest__network__device="cloudbr1"))),
    Case("SETTING-MANAGEMENT-CIDR", mut("mgmt_cidr", sets(management__network__cidr="10.20.0.0/24")),
         ("lab-ms1", "10.10.0.0/24"), mut("mgmt_cidr_ok", sets(management__network__cidr="10.10.0.0/16"))),
    Case("SETTING-NETWORK-RATE", mut("rate_20g", sets(network__throttling__rate=20000)), ("eno2", "10000"),
         mut("rate_10g", sets(network__throttling__rate=10000))),
    Case("SETTING-VM-RATE", mut("vm_rate_20g", sets(vm__network__throttling__rate=20000)), ("eno2", "10000"),
         mut("vm_rate_10g", sets(vm__network__throttling__rate=10000))),
    Case("SETTING-NTP-SERVERS", mut("ntp_l2", l2_segment, sets(ntp__server__list="10.10.5.123")),
         ("10.10.5.123", "lab-z1"), mut("ntp_ok", sets(ntp__server__list="10.10.0.1,pool.ntp.org"))),
    Case("SETTING-POD-IP-THRESHOLD", mut("vmware_21", to_vmware, routers(21)), ("lab-p01", "23 of 30"),
         mut("vmware_20", to_vmware)),
    Case("SETTING-PUBLIC-IP-THRESHOLD", mut("routers_66", routers(66)), ("lab-z1", "68 of 90"),
         mut("routers_65", routers(65))),
    Case("SETTING-VLAN-THRESHOLD", mut("vlans_26", guest_vlans("500-525")), ("lab-z1", "20 of 26"),
         mut("vlans_30", guest_vlans("500-529"))),
    Case("SETTING-SSVM-CERT-DOMAIN", mut("cert_bad", sets(secstorage__ssl__cert__domain="not a domain")),
         ("secstorage.ssl.cert.domain",), mut("cert_ok", sets(secstorage__ssl__cert__domain="*.ss.example.net"))),
    Case("SETTING-SSVM-ENCRYPT", mut("encrypt_no_domain", sets(secstorage__encrypt__copy=True)),
         ("secstorage.ssl.cert.domain",),
         mut("encrypt_domain", sets(secstorage__encrypt__copy=True, secstorage__ssl__cert__domain="*.s.example.net"))),
    Case("SETTING-SSVM-MTU", mut("ssvm_mtu_9000", sets(secstorage__vm__mtu__size=9000)), ("9000", "lab-mgmt"),
         mut("ssvm_mtu_1500", sets(secstorage__vm__mtu__size=1500))),
    Case("SETTING-SYSTEMVM-HYPERVISOR", mut("sysvm_vmware", sets(system__vm__default__hypervisor="VMware")),
         ("lab-z1", "kvm"), mut("sysvm_kvm", sets(system__vm__default__hypervisor="KVM"))),
    Case("SETTING-SYSTEMVM-LOCAL-STORAGE", mut("sysvm_local", sets(system__vm__use__local__storage=True)),
         ("lab-z1",), mut("sysvm_local_ok", local_zone, sets(system__vm__use__local__storage=True))),
    Case("SETTING-VMWARE-DVSWITCH", mut("dvs_off", to_vmware, vmware_label("dvSwitch0,,vmwaredvs")),
         ("dvSwitch0", "vmware.use.dvswitch"),
         mut("dvs_on", to_vmware, vmware_label("dvSwitch0,,vmwaredvs"), sets(vmware__use__dvswitch=True))),
    Case("SETTING-VMWARE-NEXUS", mut("nexus_off", to_vmware, vmware_label("n1k0,,nexusdvs")),
         ("n1k0", "vmware.use.nexus.vswitch"),
         mut("nexus_on", to_vmware, vmware_label("n1k0,,nexusdvs"), sets(vmware__use__nexus__vswitch=True))),
    Case("SETTING-VMWARE-MGMT-PORTGROUP", mut("pg_missing", vmware_port_groups("VM Network")),
         ("Management Network", "kvm-small", "VM Network"),
         mut("pg_listed", vmware_port_groups("Management Network", "VM Network")), at="VM Network"),
    Case("SETTING-VR-PRIVATE-MTU", mut("guest_jumbo", mtu_guest), ("lab-pnet-guest", "9000"),
         mut("guest_jumbo_ok", mtu_guest, sets(vr__private__interface__max__mtu=9000)), at="guest_mtu"),
    Case("SETTING-VR-PUBLIC-MTU", mut("public_jumbo", mtu_public), ("lab-public", "9000"),
         mut("public_jumbo_ok", mtu_public, sets(vr__public__interface__max__mtu=9000)), at="mtu"),
    Case("SETTING-ROUTER-TEMPLATE-KVM", mut("tpl_kvm_418", sets(router__template__kvm="systemvm-kvm-4.18.1")),
         ("4.18", "4.22"), mut("tpl_kvm_422", sets(router__template__kvm="systemvm-kvm-4.22.0"))),
    Case("SETTING-ROUTER-TEMPLATE-VMWARE", mut("tpl_vmw_420", to_vmware,
                                               sets(router__template__vmware="systemvm-vmware-4.20.0")),
         ("4.20", "4.22"), mut("tpl_vmw_kvm", sets(router__template__vmware="systemvm-vmware-4.20.0"))),
    Case("SETTING-ROUTER-TEMPLATE-XENSERVER", mut("tpl_xen_419", to_xen,
                                                  sets(router__template__xenserver="systemvm-xenserver-4.19.0")),
         ("4.19", "4.22"),
         mut("tpl_xen_422", to_xen, sets(router__template__xenserver="SystemVM Template (XenServer)"))),
    Case("SETTING-XEN-PRIVATE-DEVICE", mut("xen_priv", to_xen, sets(xenserver__private__network__device="xenbr9")),
         ("cloud-private", "xenbr9"), mut("xen_priv_ok", to_xen,
                                          sets(xenserver__private__network__device="cloud-private"))),
    Case("SETTING-XEN-PUBLIC-DEVICE", mut("xen_pub", to_xen, sets(xenserver__public__network__device="xenbr9")),
         ("cloud-guest", "public"), mut("xen_pub_ok", to_xen, sets(xenserver__public__network__device="cloud-guest"))),
    Case("SETTING-XEN-GUEST-DEVICE", mut("xen_guest", to_xen, sets(xenserver__guest__network__device="xenbr9")),
         ("cloud-guest", "guest"), mut("xen_guest_ok", to_xen, sets(xenserver__guest__network__device="cloud-guest"))),
    Case("SETTING-XEN-STORAGE-DEVICE", mut("xen_storage", to_xen, xen_storage,
                                           sets(xenserver__storage__network__device1="xenbr9")),
         ("cloud-storage", "storage"), mut("xen_storage_ok", to_xen, xen_storage,
                                           sets(xenserver__storage__network__device1="cloud-storage"))),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_ssvm_mtu_default_against_a_small_network() -> None:
    """CloudStack's default (1500) is checked too: a management network of MTU 1400 is smaller."""
    check_fires(Case("SETTING-SSVM-MTU", mut("mgmt_1400", mtu_mgmt_1400), ("1500", "CloudStack's default", "1400"),
                     nothing, at="mtu"))
