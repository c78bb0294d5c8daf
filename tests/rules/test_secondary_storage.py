"""Secondary storage (generator/rules/secondary_storage.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, nfs, zone


def store(d: Data) -> Data:
    s: Data = zone(d)["secondary_storage"][0]
    return s


def no_path(d: Data) -> None:
    del store(d)["path"]


def smb_on_nfs_server(d: Data) -> None:
    store(d)["protocol"] = "smb"


def second_store_s3(d: Data) -> None:
    zone(d)["secondary_storage"].append({"name": "lab-s3", "protocol": "s3", "bucket": "templates",
                                         "endpoint": "https://s3.lab.example.net"})


def second_store_nfs(d: Data) -> None:
    zone(d)["secondary_storage"].append({"name": "lab-secondary2", "protocol": "nfs", "server": "lab-nfs1",
                                         "path": "/export/secondary2"})


def one_gb(d: Data) -> None:
    store(d)["size"] = "1GB"


def three_gb(d: Data) -> None:
    store(d)["size"] = "3GB"


def nas_network(d: Data, gateway: bool) -> None:
    net: Data = {"cidr": "10.10.9.0/24", "site": "lab"}
    if gateway:
        net["gateway"] = "10.10.9.1"
    d["networks"]["lab-nas"] = net
    nfs(d)["interfaces"] = [{"network": "lab-nas"}]


def unrouted_nas(d: Data) -> None:
    nas_network(d, gateway=False)


def routed_nas(d: Data) -> None:
    nas_network(d, gateway=True)


CASES = [
    Case("SECONDARY-INCOMPLETE", no_path, ("lab-secondary1", "lab-z1", "path")),
    Case("SECONDARY-SERVER-ROLE", smb_on_nfs_server, ("smb secondary storage lab-secondary1", "lab-nfs1")),
    Case("SECONDARY-MIXED-PROVIDERS", second_store_s3, ("lab-s3", "s3", "lab-secondary1", "nfs"), second_store_nfs),
    Case("SECONDARY-TOO-SMALL", one_gb, ("lab-secondary1", "1GB", "kvm", "2.2 GB"), three_gb),
    Case("SECONDARY-UNREACHABLE", unrouted_nas, ("lab-secondary1", "lab-nfs1", "lab-nas", "lab-p01", "lab-mgmt"),
         routed_nas),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)
