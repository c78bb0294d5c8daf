"""Benchmark (not a test): every output of a valid 5,000-host design — time per stage and peak memory.

Takes the planner benchmark's design (addresses and a VRRP core pair), reshaped as 125 racks
(pods) of 40 KVM hosts, each with a leaf pair (racks with positions and power), and adds what
validation needs (public network and range, internal DNS, an NFS server per pod on its
primary-storage network, primary storage per cluster, secondary storage, a load balancer), then
runs the pipeline and each output on its own.

    .venv/bin/python benchmarks/build_bench.py [--hosts 5000] [--pods 125]

Per stage: wall time, CPU time of this process (Graphviz's children left out), files, size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from generator.artefacts import Artefact
from generator.diagnostics import Severity
from generator.outputs import OUTPUTS, proof
from generator.pipeline import run

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plan_bench import design_data


def valid_design(hosts: int, pods: int) -> dict[str, Any]:
    """A valid design of exactly ``hosts`` KVM hosts in ``pods`` racks, at every size up to 1,000 racks:
    the services network grows with the racks (one NFS server each), and the cores get a downlink
    port for every leaf."""
    data = design_data(hosts, pods)
    per_pod, extra = divmod(hosts, pods)
    svc_bits = max(8, (2 * pods + 64).bit_length())  # the pods' NFS servers, the LBs, MSs, DB and cores
    data["networks"]["svc"]["cidr"] = f"10.0.0.0/{32 - svc_bits}"
    downlinks = max(256, 2 * pods + 8)  # each core takes one uplink of each leaf
    # One rack per pod: a leaf pair (the planner's pods each have one), clusters of up to 20 hosts.
    data["switches"] = [s for s in data["switches"] if s["role"] == "core" or s["name"].endswith(("leaf1", "leaf2"))]
    for switch in data["switches"]:
        if switch["role"] == "core":
            first_server = max(300, 11 + downlinks)
            switch.update(peer_link_ports=[1, 2], uplink_ports=[3, 4], first_host_port=11, host_ports=downlinks,
                          port_speed="100G", server_ports=list(range(first_server, first_server + 16)))
        if switch["role"] == "access":
            pair = switch["name"][:-1] + ("2" if switch["name"].endswith("1") else "1")
            switch.update(peer=pair, host_ports=48, uplink_ports=[49, 50], peer_link_ports=[51, 52],
                          server_ports=[53, 54])
    for index, pod in enumerate(data["regions"][0]["zones"][0]["pods"]):
        in_pod = per_pod + (1 if index < extra else 0)
        sizes = [min(20, in_pod - first) for first in range(0, in_pod, 20)]
        pod["clusters"] = [{"name": f"{pod['name']}-c{c:02d}", "hypervisor": "kvm", "profile": "kvm",
                            "hosts": [{"name": f"{pod['name']}-kvm{{id:02d}}", "id": 1 + (c - 1) * 20, "count": n}]}
                           for c, n in enumerate(sizes, 1)]
    data["networks"]["public"] = {"cidr": "198.51.100.0/24", "gateway": "198.51.100.1", "vlan": 20, "site": "dc"}
    data["firewalls"] = [{"name": "fw1", "site": "dc", "interfaces": [{"network": "public",
                                                                      "address": "198.51.100.1"}]}]
    data["management"]["load_balancer"] = {"names": ["lb1", "lb2"], "site": "dc", "network": "svc"}
    zone = data["regions"][0]["zones"][0]
    zone["dns"]["internal"] = ["10.0.0.53"]
    zone["public_ranges"] = [{"network": "public", "range": "198.51.100.10-198.51.100.250"}]
    traffic = zone["physical_networks"][0]["traffic"]
    for kind in traffic:
        if kind["type"] == "guest":
            kind["labels"] = {"kvm": "cloudbr1"}
    traffic.append({"type": "public", "labels": {"kvm": "cloudbr1"}})
    servers = []
    for pod in zone["pods"]:
        server = f"{pod['name']}-nfs1"
        servers.append({"name": server, "site": "dc", "role": "nfs",
                        "interfaces": [{"network": pod["primary_storage_networks"][0]}, {"network": "svc"}]})
        for cluster in pod["clusters"]:
            cluster["primary_storage"] = [{"name": f"{cluster['name']}-pri1", "protocol": "nfs", "server": server,
                                           "path": f"/export/{cluster['name']}", "size": "5TB"}]
    servers.append({"name": "sec1", "site": "dc", "role": "nfs", "interfaces": [{"network": "svc"}]})
    data["storage_servers"] = servers
    zone["secondary_storage"] = [{"name": "sec1", "protocol": "nfs", "server": "sec1", "path": "/export/secondary",
                                  "size": "50TB"}]
    # The racks: one per pod (its leaves at the top, its hosts from the bottom, its NFS server), and the cores'.
    data["racks"] = [{"name": "core-r", "site": "dc", "height": 42}]
    data["racks"] += [{"name": f"{pod['name']}-r", "site": "dc", "pod": pod["name"], "height": 52,
                       "power_budget_watts": 40_000} for pod in zone["pods"]]
    for switch in data["switches"]:
        switch["rack"] = f"{switch['pod']}-r" if switch["role"] == "access" else "core-r"
        switch["power_watts"] = 450
    for server in servers[:-1]:
        server.update(rack=server["name"].removesuffix("-nfs1") + "-r", rack_units=2, power_watts=800)
    data["host_profiles"]["kvm"]["power_watts"] = 650
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=5000)
    parser.add_argument("--pods", type=int, default=125, help="racks; 40 hosts each by default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(yaml.safe_dump(valid_design(args.hosts, args.pods), sort_keys=False))
        started, cpu = time.perf_counter(), time.process_time()
        deployment = run(path)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        errors = [f for f in deployment.findings if f.severity is Severity.error]
        print(f"hosts {len(deployment.inventory.hosts) if deployment.loaded.design else 0}, "
              f"findings {len(deployment.findings)} ({len(errors)} errors)")
        for finding in errors[:5]:
            print("  ", finding.text()[:200])
        print(f"{'load + validate + plan stages':32} {elapsed:7.2f} s {cpu:7.2f} s CPU")
        if errors:
            sys.exit(1)
        total_bytes = 0
        rendered: list[Artefact] = []
        for name, produce in [*((o.name, o.produce) for o in OUTPUTS),
                              ("proof (artefact scan)", lambda d: proof.produce(d, rendered=list(rendered)))]:
            started, cpu = time.perf_counter(), time.process_time()
            artefacts = produce(deployment)
            rendered.extend(artefacts)
            size = sum(len(a.data()) for a in artefacts)
            total_bytes += size
            print(f"{name:32} {time.perf_counter() - started:7.2f} s {time.process_time() - cpu:7.2f} s CPU "
                  f"{len(artefacts):6} files {size / 2**20:8.1f} MiB", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'total output':32} {total_bytes / 2**20:7.1f} MiB; peak resident memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
