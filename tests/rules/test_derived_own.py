"""Derived checks on a design written for them (tests/rules/derived/two-pods.yaml): it is clean, and each
edit below (text replacements, as a user would make them) breaks exactly the check it is listed under."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Finding
from generator.loader.load import load_text
from generator.rules import RULES, validate
from tests.conftest import EXAMPLES

DESIGN = Path(__file__).parent / "derived" / "two-pods.yaml"
DERIVED_MODULES = ("generator.rules.settings_derived", "generator.rules.capacity_derived",
                   "generator.rules.reachability")

Edit = tuple[str, str]


def _module(rule_id: str) -> str:
    return str(getattr(RULES[rule_id].check, "__module__", ""))


DERIVED = sorted(r for r in RULES if _module(r) in DERIVED_MODULES)

L2: list[Edit] = [("  dc-public:\n", "  dc-l2:\n    cidr: 172.16.9.0/24\n    vlan: 19\n    site: dc\n  dc-public:\n")]
ROUTED: list[Edit] = [("  dc-public:\n", "  dc-l2:\n    cidr: 172.16.9.0/24\n    gateway: 172.16.9.1\n    vlan: 19\n"
                                         "    site: dc\n  dc-public:\n")]


def setting(line: str) -> list[Edit]:
    return [("settings:\n", f"settings:\n  {line}\n")]


def rehost(hypervisor: str, os: str, name: str, mgmt: str, guest: str) -> list[Edit]:
    """Every host, cluster, label and hypervisor setting moved to another hypervisor."""
    return [("hypervisor: kvm\n    os: el9", f"hypervisor: {hypervisor}\n    os: {os}"),
            ("hypervisor: kvm\n                profile", f"hypervisor: {hypervisor}\n                profile"),
            ("{kvm: cloudbr0}", f"{{{hypervisor}: {mgmt}}}"), ("{kvm: cloudbr1}", f"{{{hypervisor}: {guest}}}"),
            ("hypervisor.list: KVM", f"hypervisor.list: {name}"),
            ("system.vm.default.hypervisor: KVM", f"system.vm.default.hypervisor: {name}"),
            ("  kvm.private.network.device: cloudbr0\n", "")]


def vmware(guest: str = "vSwitch1", vcenter: str = "172.16.0.5") -> list[Edit]:
    return [*rehost("vmware", "esxi-8", "VMware", "vSwitch0", guest),
            ("profile: kvm-std\n",
             f"profile: kvm-std\n                vcenter: {{address: {vcenter}, datacenter: dc}}\n")]


def basic(guest_range: str) -> list[Edit]:
    return [("networking: advanced", "networking: basic"),
            ("        guest_network_kinds: [isolated]\n        guest_cidr: 10.1.0.0/16\n", ""),
            ("planned_routers: 40", "planned_routers: 0"),
            ("              - type: public\n                labels: {kvm: cloudbr1}\n"
             "            guest_vlans: [1000-1099]\n", ""),
            ("        public_ranges:\n          - {network: dc-public, range: 198.51.100.100-198.51.100.199}\n", ""),
            ("range: 172.16.8.100-172.16.8.149}\n",
             f"range: 172.16.8.100-172.16.8.149}}\n"
             f"            guest_ranges: [{{network: dc-public, range: {guest_range}}}]\n"),
            ("range: 172.16.8.150-172.16.8.199}\n",
             "range: 172.16.8.150-172.16.8.199}\n            guest_ranges: [{network: dc-public, range: "
             "198.51.100.210-198.51.100.250}]\n")]


# rule → (edits that break it, text on the line the finding points at)
BREAKS: dict[str, tuple[list[Edit], str]] = {
    "CAPACITY-DB-CONNECTIONS": ([("max_connections: 700", "max_connections: 600")], "max_connections: 600"),
    "CAPACITY-GUEST-VLANS": ([("[1000-1099]", "[1000-1029]")], "planned_routers: 40"),
    "CAPACITY-GUEST-ADDRESSES": (basic("198.51.100.100-198.51.100.199"), "198.51.100.100-198.51.100.199"),
    "REACH-DATABASE": ([*L2, ("network: dc-infra, address: 172.16.0.20", "network: dc-l2, address: 172.16.9.20")],
                       "dc-db1"),
    "REACH-DNS-INTERNAL": ([*L2, ("internal: [172.16.0.53]", "internal: [172.16.9.53]")], "172.16.9.53"),
    "REACH-DNS-PUBLIC": ([*L2, ("public: [198.51.100.53]", "public: [172.16.9.53]")], "172.16.9.53"),
    "REACH-PRIMARY-STORAGE": ([*L2, ("      - {network: dc-storage, address: 172.16.8.10}\n"
                                     "      - {network: dc-p1-mgmt, address: 172.16.1.30}\n"
                                     "      - {network: dc-p2-mgmt, address: 172.16.2.30}\n",
                                     "      - {network: dc-l2, address: 172.16.9.10}\n")],
                              "server: dc-nfs1, path: /export/p1"),
    "REACH-S3-ENDPOINT": ([*L2, ("{name: dc-sec1, protocol: nfs, server: dc-nfs1, path: /export/secondary, size: 8TB}",
                                 "{name: dc-sec1, protocol: s3, bucket: tpl, endpoint: 'http://172.16.9.20:9000'}")],
                          "172.16.9.20"),
    "REACH-STAGING-STORE": ([*L2, ("{name: dc-sec1, protocol: nfs, server: dc-nfs1, path: /export/secondary, "
                                   "size: 8TB}",
                                   "{name: dc-sec1, protocol: s3, bucket: tpl, endpoint: 'http://172.16.0.40:9000', "
                                   "staging: {server: dc-nfs2, path: /staging}}"),
                                  ("storage_servers:\n", "storage_servers:\n  - name: dc-nfs2\n    site: dc\n"
                                   "    role: nfs\n    interfaces: [{network: dc-l2, address: 172.16.9.40}]\n")],
                            "server: dc-nfs2"),
    "REACH-VCENTER": ([*L2, *vmware(vcenter="172.16.9.5")], "172.16.9.5"),
    "SETTING-AGENT-LB-SERVERS": ([("    - {name: dc-ms2, site: dc, network: dc-infra, address: 172.16.0.12, "
                                   "os: el9}\n", ""),
                                  ("host: 172.16.0.11,172.16.0.12", "host: 172.16.0.11"),
                                  *setting("agent.lb.enabled: true")], "agent.lb.enabled"),
    "SETTING-CLUSTER-CPU-THRESHOLD": ([("planned_vms: 150", "planned_vms: 210")], "planned_vms: 210"),
    "SETTING-CLUSTER-MEMORY-THRESHOLD": ([("planned_vms: 150", "planned_vms: 210")], "planned_vms: 210"),
    "SETTING-CONSOLE-DOMAIN": (setting("consoleproxy.url.domain: console_example"), "consoleproxy.url.domain"),
    "SETTING-CONSOLE-SSL": (setting("consoleproxy.sslEnabled: true"), "consoleproxy.sslEnabled"),
    "SETTING-DIRECT-IP-THRESHOLD": (basic("198.51.100.10-198.51.100.209"), "198.51.100.10-198.51.100.209"),
    "SETTING-ENDPOINT-URL": ([*L2, ("http://172.16.0.10:8080", "http://172.16.9.10:8080")], "endpoint.url"),
    "SETTING-GUEST-DOMAIN": ([("suffix: guests.example.org", "suffix: -guests.example.org")], "guest.domain.suffix"),
    "SETTING-GUEST-VLAN-BITS": (setting("guest.vlan.bits: 10"), "guest.vlan.bits"),
    "SETTING-HOST-LIST": ([("host: 172.16.0.11,172.16.0.12", "host: 172.16.0.11,172.16.5.12")], "host: "),
    "SETTING-HYPERV-PRIVATE-DEVICE": ([*rehost("hyperv", "windows-2019", "Hyperv", "vSwitchMgmt", "vSwitchGuest"),
                                       *setting("hyperv.private.network.device: vSwitch9")], "hyperv.private"),
    "SETTING-HYPERVISOR-LIST": ([("hypervisor.list: KVM", "hypervisor.list: VMware")], "hypervisor.list"),
    "SETTING-INTERNAL-SITES-ROUTE": ([*L2, ("sites: 172.16.0.0/24", "sites: 172.16.9.0/24")], "internal.sites"),
    "SETTING-KVM-PRIVATE-DEVICE": ([("device: cloudbr0", "device: cloudbr7")], "kvm.private"),
    "SETTING-KVM-PUBLIC-DEVICE": (setting("kvm.public.network.device: cloudbr7"), "kvm.public"),
    "SETTING-KVM-GUEST-DEVICE": (setting("kvm.guest.network.device: cloudbr7"), "kvm.guest"),
    "SETTING-MANAGEMENT-CIDR": ([("cidr: 172.16.0.0/24\n  ntp", "cidr: 172.16.1.0/24\n  ntp")], "management.network"),
    "SETTING-NETWORK-RATE": (setting("network.throttling.rate: 40000"), "network.throttling"),
    "SETTING-VM-RATE": (setting("vm.network.throttling.rate: 40000"), "vm.network.throttling"),
    "SETTING-NFS-VERSION": ([("      - {network: dc-p2-mgmt, address: 172.16.2.30}\n",
                              "      - {network: dc-p2-mgmt, address: 172.16.2.30}\n    exports:\n"
                              "      - {path: /export, clients: [172.16.0.0/16], version: \"4.2\"}\n"),
                             *setting('secstorage.nfs.version: "4.1"')], "secstorage.nfs.version"),
    "SETTING-NTP-SERVERS": ([*L2, ("ntp.server.list: 172.16.0.123", "ntp.server.list: 172.16.9.123")], "ntp.server"),
    "SETTING-POD-IP-THRESHOLD": ([("172.16.1.200-172.16.1.239", "172.16.1.200-172.16.1.201")], "172.16.1.201"),
    "SETTING-PUBLIC-IP-THRESHOLD": ([("planned_routers: 40", "planned_routers: 74")], "198.51.100.100"),
    "SETTING-VLAN-THRESHOLD": ([("[1000-1099]", "[1000-1049]")], "planned_routers: 40"),
    "SETTING-SSVM-CERT-DOMAIN": (setting("secstorage.ssl.cert.domain: copies example org"), "cert.domain"),
    "SETTING-SSVM-ENCRYPT": (setting("secstorage.encrypt.copy: true"), "encrypt.copy"),
    "SETTING-SSVM-MTU": ([("mtu.size: 1500", "mtu.size: 9000")], "mtu.size: 9000"),
    "SETTING-SYSTEMVM-HYPERVISOR": ([("default.hypervisor: KVM", "default.hypervisor: XenServer")],
                                    "default.hypervisor"),
    "SETTING-SYSTEMVM-LOCAL-STORAGE": (setting("system.vm.use.local.storage: true"), "local.storage"),
    "SETTING-VMWARE-DVSWITCH": (vmware(guest="'dvs1,,vmwaredvs'"), "dvs1,,vmwaredvs"),
    "SETTING-VMWARE-NEXUS": (vmware(guest="'n1k,,nexusdvs'"), "n1k,,nexusdvs"),
    "SETTING-VMWARE-MGMT-PORTGROUP": ([*vmware(), ("max_vms: 60\n", "max_vms: 60\n    host_switches:\n"
                                                   "      - {name: vSwitch0, kind: vswitch, uplink: ens1f0, "
                                                   "port_groups: [Mgmt]}\n"
                                                   "      - {name: vSwitch1, kind: vswitch, uplink: ens1f1}\n")],
                                      "port_groups: [Mgmt]"),
    "SETTING-VR-PRIVATE-MTU": ([("guest_vlans: [1000-1099]\n",
                                 "guest_vlans: [1000-1099]\n            mtu: 9100\n            guest_mtu: 9000\n")],
                               "guest_mtu: 9000"),
    "SETTING-VR-PUBLIC-MTU": ([("    vlan: 20\n", "    vlan: 20\n    mtu: 9000\n")], "mtu: 9000"),
    "SETTING-ROUTER-TEMPLATE-KVM": (setting("router.template.kvm: systemvm-kvm-4.20.0"), "router.template.kvm"),
    "SETTING-ROUTER-TEMPLATE-VMWARE": ([*vmware(), *setting("router.template.vmware: systemvm-vmware-4.19.0")],
                                       "router.template.vmware"),
    "SETTING-ROUTER-TEMPLATE-XENSERVER": ([*rehost("xenserver", "xcp-ng-8", "XenServer", "cloud-mgmt", "cloud-guest"),
                                          *setting("router.template.xenserver: systemvm-xenserver-4.18.0")],
                                         "router.template.xenserver"),
    "SETTING-XEN-PRIVATE-DEVICE": ([*rehost("xenserver", "xcp-ng-8", "XenServer", "cloud-mgmt", "cloud-guest"),
                                    *setting("xenserver.private.network.device: xenbr9")], "xenserver.private"),
    "SETTING-XEN-PUBLIC-DEVICE": ([*rehost("xenserver", "xcp-ng-8", "XenServer", "cloud-mgmt", "cloud-guest"),
                                   *setting("xenserver.public.network.device: xenbr9")], "xenserver.public"),
    "SETTING-XEN-GUEST-DEVICE": ([*rehost("xenserver", "xcp-ng-8", "XenServer", "cloud-mgmt", "cloud-guest"),
                                  *setting("xenserver.guest.network.device: xenbr9")], "xenserver.guest"),
    "SETTING-XEN-STORAGE-DEVICE": ([*rehost("xenserver", "xcp-ng-8", "XenServer", "cloud-mgmt", "cloud-guest"),
                                    *setting("xenserver.storage.network.device1: xenbr9")], "storage.network.device1"),
}

# The near misses: the same edits on a routed segment instead of a layer-2 one reach their target.
ROUTED_FIX = ["REACH-DATABASE", "REACH-DNS-INTERNAL", "REACH-DNS-PUBLIC", "REACH-PRIMARY-STORAGE", "REACH-S3-ENDPOINT",
              "REACH-STAGING-STORE", "REACH-VCENTER", "SETTING-ENDPOINT-URL", "SETTING-INTERNAL-SITES-ROUTE",
              "SETTING-NTP-SERVERS"]


def _edited(edits: list[Edit]) -> str:
    text = DESIGN.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"edit target not in the design: {old!r}"
        text = text.replace(old, new)
    return text


def _findings(text: str) -> list[Finding]:
    return validate(load_text(text, "two-pods.yaml"))


def test_the_design_is_clean() -> None:
    findings = _findings(_edited([]))
    assert not findings, "\n".join(f.text() for f in findings)


def test_every_derived_rule_has_an_edit() -> None:
    assert len(DERIVED) >= 50
    assert sorted(BREAKS) == DERIVED


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_edit_breaks_the_rule(rule_id: str) -> None:
    edits, at = BREAKS[rule_id]
    text = _edited(edits)
    findings = _findings(text)
    hits = [f for f in findings if f.rule == rule_id]
    assert hits, f"{rule_id} did not fire:\n" + "\n".join(f.text() for f in findings)
    lines = text.splitlines()
    assert any(at in lines[f.line - 1] for f in hits), [lines[f.line - 1] for f in hits]
    assert all(f.fix for f in hits)


@pytest.mark.parametrize("rule_id", ROUTED_FIX)
def test_a_routed_segment_is_reached(rule_id: str) -> None:
    edits, _ = BREAKS[rule_id]
    routed = [e for e in edits if e not in L2]
    findings = _findings(_edited([*ROUTED, *routed]))
    assert not [f.text() for f in findings if f.rule == rule_id]


# The table and the examples -------------------------------------------------------------------

def test_table_covers_design_relevant_settings() -> None:
    """Every design_relevant setting has one row: a check, the rules that cover it, or why it cannot be checked."""
    import json
    from importlib import resources

    from generator.rules.settings_derived import CHECKS, table

    data = json.loads(resources.files("generator.data").joinpath("cloudstack-settings.json").read_text("utf-8"))
    rows = table()
    assert sorted(rows) == sorted(data["design_relevant"])
    for name, row in rows.items():
        kinds = [k for k in ("check", "covered_by", "cannot") if k in row]
        assert len(kinds) == 1, (name, kinds)
        if "check" in row:
            assert row["check"] in CHECKS, name
            fact = RULES[row["rule"]].fact
            assert name in fact and "default" in fact, fact
        for rule_id in row.get("covered_by", []):
            assert rule_id in RULES, (name, rule_id)
        if "cannot" in row:
            assert len(str(row["cannot"])) > 20, name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_examples_meet_every_derived_check(example: Path) -> None:
    findings = validate(load_text(example.read_text(encoding="utf-8"), example.name))
    assert not [f.text() for f in findings if f.rule in DERIVED]
