"""The runbook ends with a cloud that provably works (issue 16): the defects an installer's review
found, each pinned by a test, and the proofs the install ends with."""

from __future__ import annotations

import re
from pathlib import Path

from generator.pipeline import run
from generator.runbook.build import build_runbook, context
from generator.runbook.model import Check, Phase, Runbook, Step
from tests.conftest import DESIGNS
from tests.runbook.test_runbook import runbook

LARGE = DESIGNS / "large-scale-redundant.yaml"  # Ubuntu (ufw), two pods, LB pair, three servers
BASIC = DESIGNS / "basic-sg.yaml"  # Enterprise Linux 9 (firewalld), two pods
ISCSI = DESIGNS / "iscsi-multipath.yaml"  # XenServer with iSCSI multipath
SMALL = DESIGNS / "small-scale.yaml"


def phase(rb: Runbook, key: str) -> Phase:
    return next(p for p in rb.phases if p.key == key)


def step(rb: Runbook, title: str) -> Step:
    return next(s for s in rb.steps if s.title.startswith(title))


def shell(s: Step) -> str:
    return "\n".join([*(c.text for c in s.commands), *(c.command for c in s.checks)])


def test_agent_port_is_open_only_to_the_pods_and_the_management_network_with_ufw() -> None:
    start = step(runbook(LARGE), "Start ams1-ms1")
    text = start.commands[0].text
    assert not re.search(r"ufw allow (proto tcp )?(to any port )?8250", text)
    sources = {m.group(1) for m in re.finditer(r"ufw allow proto tcp from (\S+) to any port 8250$", text, re.M)}
    assert sources == {"10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"}
    assert "8096" not in text and "ufw --force enable" in text


def test_agent_port_is_open_only_to_the_pods_and_the_management_network_with_firewalld() -> None:
    text = step(runbook(BASIC), "Start fra1-ms1").commands[0].text
    assert "--add-port=8250" not in text and "8096" not in text
    assert re.findall(r"source address=(\S+) port port=8250", text) == ["10.30.0.0/24", "10.30.1.0/24",
                                                                         "10.30.2.0/24"]


def test_kvm_console_ports_open_to_every_pod_of_the_zone() -> None:
    rb = runbook(LARGE)
    for title in ("Firewall of the KVM hosts of ams1-p01-c01", "Firewall of the KVM hosts of ams1-p02-c03"):
        fw = step(rb, title)
        consoles = set(re.findall(r"from (\S+) to any port 5900:6100", fw.commands[0].text))
        assert {"10.20.1.0/24", "10.20.2.0/24"} <= consoles, title
        # ... and the check knocks on them from each pod.
        knocks = [c for c in fw.checks if "5900 6100" in c.command and c.where.startswith("a machine in")]
        assert {c.where.split()[3] for c in knocks} == {"10.20.1.0/24", "10.20.2.0/24"}


def test_kvm_firewall_check_knocks_on_every_port_the_step_opens() -> None:
    for path in (LARGE, BASIC, SMALL):
        for s in runbook(path).steps:
            if not s.title.startswith("Firewall of the KVM hosts"):
                continue
            knocked = {int(p) for c in s.checks for m in re.finditer(r"for p in ([\d ]+);", c.command)
                       for p in m.group(1).split()}
            # Both ends of each range, and migration between peers where the cluster has several hosts.
            assert {22, 1798, 16514, 5900, 6100, 49152, 49216} <= knocked, s.title


def test_management_server_has_a_fully_qualified_name_from_the_design() -> None:
    rb = runbook(LARGE)
    prep = step(rb, "Prepare ams1-ms1")
    assert "hostnamectl set-hostname ams1-ms1.cloud.ams1.example.net" in prep.commands[0].text
    assert "10.20.0.11 ams1-ms1.cloud.ams1.example.net ams1-ms1" in prep.commands[0].text
    fqdn = next(c for c in prep.checks if c.command == "hostname --fqdn")
    assert fqdn.expect == "ams1-ms1.cloud.ams1.example.net"
    # Every zone of every example has a domain: no placeholder for it may stay anywhere.
    for path in sorted(DESIGNS.glob("*.yaml")):
        for s in runbook(path).steps:
            assert "<your domain>" not in s.text + shell(s) + " ".join(c.expect for c in s.checks), (path, s.title)


def test_iscsi_discovery_runs_only_once_the_hosts_have_their_addresses() -> None:
    rb = runbook(ISCSI)
    keys = [p.key for p in rb.phases]
    for p in rb.phases[: keys.index("hosts")]:
        for s in p.steps:
            assert "iscsiadm" not in shell(s), s.title
    hosts = phase(rb, "hosts")
    found = [(i, s) for i, s in enumerate(hosts.steps) if "iscsiadm -m discovery" in shell(s)]
    assert found and all(s.title.startswith("Networks of") for _, s in found)


def test_api_keys_are_made_when_the_management_server_exists_not_asked_for_in_the_pre_flight() -> None:
    for path in (LARGE, SMALL):
        rb = runbook(path)
        for s in phase(rb, "preflight").steps:
            text = shell(s) + " ".join(r for row in (s.table.rows if s.table else ()) for r in row)
            assert "CS_API_KEY" not in text and "CS_SECRET_KEY" not in text
        setup = phase(rb, "zone").steps[0].commands[0].text
        assert setup.index("registerUserKeys") < setup.index("CS_API_KEY=") < setup.index("cmk set apikey")
        assert "CS_ADMIN_PASSWORD" in shell(step(rb, "Secrets in the vault"))


def test_install_pitfalls_have_a_step_and_a_proving_check() -> None:
    rb = runbook(LARGE)
    nfs = step(rb, "NFS exports on ams1-sec1")
    assert "nfsconf --set rquotad port 875" in nfs.commands[0].text  # 8
    assert any("rquotad" in c.command and "875" in c.expect for c in nfs.checks)
    assert any("875" in c.command and "nc -zv" in c.command for c in nfs.checks)
    bridges = step(rb, "Bridges and addresses of the KVM hosts of ams1-p01-c01")  # 11
    assert "macaddress=$mac" in shell(bridges)
    assert any(c.expect == "cloudbr0 pinned, cloudbr1 pinned" for c in bridges.checks)
    assert "bridge.mac-address" in shell(step(runbook(BASIC), "Bridges and addresses of the KVM hosts"))
    xen = runbook(ISCSI)
    nets = step(xen, "Networks of the")  # 13
    assert any("IP-configuration-mode=DHCP" in c.command for c in nets.checks)
    assert any("IP-configuration-mode: Static" in c.expect for c in nets.checks)
    tools = step(xen, "Tools SR of the")  # 15
    assert "xe sr-create" in tools.commands[0].text and "xenserver_tools_sr" in tools.checks[0].command
    certs = step(rb, "Console proxy and secondary storage VM certificate")  # 17
    assert "consoleproxy.url.domain value='*.cloud.ams1.example.net'" in shell(certs)
    assert sum("openssl s_client" in c.command for c in certs.checks) == 2
    assert "${SYSVM_TLS_KEY:?}" in shell(certs)


def test_nested_esxi_gets_port_group_security_with_a_check(tmp_path: Path) -> None:  # 16
    text = SMALL.read_text("utf-8")
    for old, new in (("    hypervisor: kvm\n    os: ubuntu-24.04", "    hypervisor: vmware\n    os: esxi-8"),
                     ("                hypervisor: kvm\n                profile: kvm-small",
                      "                hypervisor: vmware\n                profile: kvm-small\n"
                      "                vcenter: {address: 10.10.0.5, datacenter: lab-dc}"),
                     ("labels: {kvm: cloudbr0}", "labels: {vmware: vSwitch0}"),
                     ("labels: {kvm: cloudbr1}", "labels: {vmware: vSwitch1}")):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "vmware.yaml"
    path.write_text(text, "utf-8")
    d = run(path)
    assert d.valid
    rb = build_runbook(context(d))
    nested = step(rb, "Port-group security for nested ESXi")
    assert "--allow-forged-transmits=true" in nested.commands[0].text and "vSwitch1" in nested.commands[0].text
    assert "policy security get" in nested.checks[0].command


def test_load_balancer_pair_holds_the_vip_by_vrrp_and_answers_from_every_pod() -> None:
    rb = runbook(LARGE)
    lb1, lb2 = step(rb, "Load balancer ams1-lb1"), step(rb, "Load balancer ams1-lb2")
    for s, state in ((lb1, "MASTER"), (lb2, "BACKUP")):
        text = s.commands[0].text
        assert "net.ipv4.ip_nonlocal_bind = 1" in text and f"state {state}" in text
        assert "bind 10.20.0.10:8080" in text and "bind 10.20.0.10:8250" in text
        assert "option httpchk GET /client/" in text and text.count(":8250 check") == 3
        assert any("ip_nonlocal_bind" in c.command for c in s.checks)
    assert "unicast_peer {\n        10.20.0.9" in lb1.commands[0].text
    vip = step(rb, "The VIP answers from every pod")
    pods = {c.where.split()[3] for c in vip.checks if "curl" in c.command and c.where.startswith("a machine in")}
    assert pods == {"10.20.1.0/24", "10.20.2.0/24"}
    assert any("systemctl stop keepalived" in c.command for c in vip.checks)


def test_acceptance_ends_the_install_with_cloudstacks_own_checks() -> None:
    rb = runbook(LARGE)
    acceptance = phase(rb, "acceptance")
    checks: list[Check] = [c for s in acceptance.steps for c in s.checks]
    commands = " ".join(c.command for c in checks)
    for needed in ("listManagementServers", "/usr/local/cloud/systemvm/ssvm-check.sh", "templatefilter=system",
                   "createConsoleEndpoint", "listCapacity", "mount -t nfs"):
        assert needed in commands, needed
    deploy = step(rb, "A test VM on every cluster of zone ams1-z1").commands[0].text
    assert re.findall(r"listClusters name=(\S+)", deploy) == ["ams1-p01-c01", "ams1-p02-c02",
                                                                           "ams1-p02-c03"]
    assert step(rb, "Failover drill").commands[0].text == "systemctl stop cloudstack-management"
    capacity = step(rb, "Capacity of zone ams1-z1")
    assert "close to 24 TB" in capacity.checks[1].expect and "40 TB" in capacity.checks[1].expect
    # A single management server has nothing to fail over to.
    assert not any(s.title == "Failover drill" for s in runbook(SMALL).steps)


def test_exports_are_verified_on_the_server_and_by_a_mount_from_a_client() -> None:
    nfs = step(runbook(SMALL), "NFS exports on lab-nfs1")
    assert any(c.command == "exportfs -v" and c.where == "lab-nfs1" for c in nfs.checks)
    assert any(c.command.startswith("mkdir -p /mnt/probe && mount -t nfs") for c in nfs.checks)


def test_day_two_chapter_follows_the_install() -> None:
    rb = runbook(LARGE)
    assert rb.phases[-1].key == "day2"
    titles = [s.title for s in rb.phases[-1].steps]
    assert titles[:3] == ["Re-adding a host cleanly", "Replacing a failed host", "Adding a management server"]
    upgrade = rb.phases[-1].steps[3].commands
    assert "registerTemplate" in upgrade[0].text and "mysqldump" in upgrade[1].text
