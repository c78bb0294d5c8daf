"""A large design for diagram tests and the benchmark: the large-scale example grown in memory."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from generator.model import Design
from tests.conftest import DESIGNS

BASE = DESIGNS / "large-scale-redundant.yaml"


def grow(data: dict[str, Any], pods: int, clusters: int, hosts: int) -> dict[str, Any]:
    """The example with ``pods`` pods of ``clusters`` clusters of ``hosts`` hosts each."""
    data = copy.deepcopy(data)
    zone = data["regions"][0]["zones"][0]
    template_pod = zone["pods"][0]
    template_cluster = template_pod["clusters"][0]
    leaf = next(s for s in data["switches"] if s["role"] == "access")
    data["switches"] = [s for s in data["switches"] if s["role"] != "access"]
    new_pods = []
    for p in range(1, pods + 1):
        name = f"ams1-p{p:02d}"
        data["networks"][f"{name}-mgmt"] = {
            "cidr": f"10.21.{p}.0/24", "gateway": f"10.21.{p}.1", "vlan": 300 + p, "site": "ams1",
        }
        for side, peer in ((1, 2), (2, 1)):
            switch = dict(leaf, name=f"{name}-leaf{side}", pod=name, peer=f"{name}-leaf{peer}")
            data["switches"].append(switch)
        pod = copy.deepcopy(template_pod)
        pod.update(name=name, id=p, management={
            "network": f"{name}-mgmt", "system_range": f"10.21.{p}.200-10.21.{p}.239"})
        pod["storage"] = dict(template_pod["storage"], range=f"10.20.8.{10 + p * 20}-10.20.8.{29 + p * 20}")
        pod["clusters"] = []
        for c in range(1, clusters + 1):
            cluster = copy.deepcopy(template_cluster)
            cluster.update(name=f"{name}-c{c:02d}", primary_storage=[
                dict(template_cluster["primary_storage"][0], name=f"{name}-c{c:02d}-pri1")])
            cluster["hosts"] = [{"name": f"{name}-kvm{{id:03d}}", "id": (c - 1) * hosts + 1, "count": hosts}]
            pod["clusters"].append(cluster)
        new_pods.append(pod)
    zone["pods"] = new_pods
    return data


def scaled_design(pods: int = 8, clusters: int = 4, hosts: int = 16) -> Design:
    return Design.model_validate(grow(yaml.safe_load(BASE.read_text()), pods, clusters, hosts))
