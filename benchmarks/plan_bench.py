"""Benchmark (not a test): how long the address plan of a 5,000-host design takes, and its peak memory.

Builds the design in memory — 10 pods of 500 KVM hosts, each pod with a /22 management network,
a /22 primary-storage network and 24 access switches, behind a core pair that owns every gateway
(VRRP) — then times each stage and measures the planner's peak allocation with tracemalloc.

    .venv/bin/python benchmarks/plan_bench.py [--hosts 5000] [--pods 10]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from ipaddress import IPv4Network
from typing import Any

from generator.inventory import expand
from generator.model import Design
from generator.outputs.address_tables import ip_csv, vlan_csv
from generator.plan import plan_addresses


def design_data(hosts: int, pods: int) -> dict[str, Any]:
    per_pod = hosts // pods
    networks: dict[str, Any] = {"svc": {"cidr": "10.0.0.0/24", "gateway": "10.0.0.1", "vlan": 10, "site": "dc"}}
    switches: list[dict[str, Any]] = [
        {"name": f"core{n}", "role": "core", "platform": "arista_eos", "site": "dc", "peer": f"core{3 - n}",
         "management": {"network": "svc"}} for n in (1, 2)]
    pod_list = []
    for p in range(1, pods + 1):
        mgmt = IPv4Network("10.64.0.0/10").network_address + 1024 * p  # a /22 per pod
        primary = IPv4Network("10.128.0.0/10").network_address + 1024 * p
        networks[f"p{p:02d}-mgmt"] = {"cidr": f"{mgmt}/22", "gateway": str(mgmt + 1), "vlan": 100 + p, "site": "dc"}
        networks[f"p{p:02d}-primary"] = {"cidr": f"{primary}/22", "gateway": str(primary + 1), "vlan": 2100 + p,
                                         "site": "dc"}
        switches += [{"name": f"p{p:02d}-leaf{n}", "role": "access", "platform": "cisco_nxos", "site": "dc",
                      "pod": f"p{p:02d}", "management": {"network": f"p{p:02d}-mgmt"}} for n in range(1, 25)]
        clusters = [{"name": f"p{p:02d}-c{c:02d}", "hypervisor": "kvm", "profile": "kvm",
                     "hosts": [{"name": f"p{p:02d}-kvm{{id:03d}}", "id": 1 + (c - 1) * 50, "count": 50}]}
                    for c in range(1, per_pod // 50 + 1)]
        pod_list.append({"name": f"p{p:02d}", "id": p, "clusters": clusters,
                         "management": {"network": f"p{p:02d}-mgmt",
                                        "system_range": f"{mgmt + 868}-{mgmt + 967}"},
                         "primary_storage_networks": [f"p{p:02d}-primary"]})
    return {
        "deployment": {"name": "Benchmark"},
        "sites": [{"name": "dc"}],
        "networks": networks,
        "host_profiles": {"kvm": {"hypervisor": "kvm", "os": "ubuntu-24.04", "cpu_cores": 64, "ram_gb": 512,
                                  "nics": [{"name": "eno1", "speed": "25G"}, {"name": "eno2", "speed": "25G"}],
                                  "primary_storage_interfaces": ["eno2"]}},
        "switches": switches,
        "management": {"servers": [{"name": f"ms{n}", "site": "dc", "network": "svc"} for n in (1, 2, 3)],
                       "database": {"primary": {"name": "db1", "site": "dc", "network": "svc"}}},
        "regions": [{"name": "r1", "zones": [{
            "name": "z1", "site": "dc", "networking": "advanced", "dns": {"public": ["9.9.9.9"]},
            "physical_networks": [{"name": "pn1", "interface": "eno1", "traffic": [
                {"type": "management", "labels": {"kvm": "cloudbr0"}}, {"type": "guest"}],
                "guest_vlans": ["1000-1999"]}],
            "pods": pod_list,
            "secondary_storage": [{"name": "sec1", "protocol": "nfs"}],
        }]}],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=5000)
    parser.add_argument("--pods", type=int, default=10, help="at most 1000")
    args = parser.parse_args()

    t0 = time.perf_counter()
    design = Design.model_validate(design_data(args.hosts, args.pods))
    t1 = time.perf_counter()
    inventory = expand(design)
    t2 = time.perf_counter()
    tracemalloc.start()
    plan = plan_addresses(design, inventory)
    t3 = time.perf_counter()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ip_text, vlan_text = ip_csv(plan), vlan_csv(plan)
    t4 = time.perf_counter()

    print(f"hosts {len(inventory.hosts)}, pods {args.pods}, networks {len(design.networks)}, "
          f"allocations {len(plan.allocations)}, VLAN rows {len(plan.vlans)}, issues {len(plan.issues)}")
    print(f"model validation  {t1 - t0:8.3f} s")
    print(f"expand            {t2 - t1:8.3f} s")
    print(f"plan_addresses    {t3 - t2:8.3f} s  (under tracemalloc; peak {peak / 2**20:.1f} MiB)")
    print(f"CSV tables        {t4 - t3:8.3f} s  ({len(ip_text) + len(vlan_text):,} bytes)")
    t5 = time.perf_counter()
    plan_addresses(design, inventory)
    print(f"plan_addresses    {time.perf_counter() - t5:8.3f} s  (again, without tracemalloc)")


if __name__ == "__main__":
    main()
