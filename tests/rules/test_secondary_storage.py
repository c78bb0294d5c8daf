"""Secondary storage (generator/rules/secondary_storage.py)."""

from __future__ import annotations

import pytest

from generator.deployment import Deployment
from generator.export import zone_export
from generator.export.api_check import check_calls
from generator.loader.load import load_text
from generator.rules import validate
from tests.rules.kit import Case, Data, check_fires, check_quiet, mutated, nfs, run, zone


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


def s3_only(d: Data) -> None:
    zone(d)["secondary_storage"] = [{"name": "lab-s3", "protocol": "s3", "bucket": "templates",
                                     "endpoint": "https://s3.lab.example.net"}]


def s3_with_staging(d: Data) -> None:
    s3_only(d)
    store(d)["staging"] = {"server": "lab-nfs1", "path": "/export/staging"}


def nfs_with_staging(d: Data) -> None:
    store(d)["staging"] = {"server": "lab-nfs1", "path": "/export/staging"}


def s3_staging_on_unknown(d: Data) -> None:
    s3_with_staging(d)
    store(d)["staging"]["server"] = "lab-ms1"


CASES = [
    Case("SECONDARY-S3-STAGING", s3_only, ("lab-s3", "lab-z1", "no staging store"), s3_with_staging),
    Case("SECONDARY-S3-STAGING", nfs_with_staging, ("nfs secondary storage lab-secondary1", "only S3"),
         s3_with_staging, at="server: lab-nfs1"),
    Case("SECONDARY-S3-STAGING", s3_staging_on_unknown, ("lab-s3", "lab-ms1", "not a storage server"),
         s3_with_staging, at="lab-ms1"),
    Case("SECONDARY-INCOMPLETE", no_path, ("lab-secondary1", "lab-z1", "path")),
    Case("SECONDARY-SERVER-ROLE", smb_on_nfs_server, ("smb secondary storage lab-secondary1", "lab-nfs1")),
    Case("SECONDARY-MIXED-PROVIDERS", second_store_s3, ("lab-s3", "s3", "lab-secondary1", "nfs"), second_store_nfs),
    Case("SECONDARY-TOO-SMALL", one_gb, ("lab-secondary1", "1GB", "kvm", "2.2 GB"), three_gb),
    Case("SECONDARY-UNREACHABLE", unrouted_nas, ("lab-secondary1", "lab-nfs1", "lab-nas", "lab-p01", "lab-mgmt"),
         routed_nas),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_quiet(case: Case) -> None:
    check_quiet(case)


def test_the_zone_script_creates_the_staging_store_before_the_s3_store() -> None:
    """deployDataCenter's order: createSecondaryStagingStore (NFS) first, then addImageStore provider=S3;
    the script's own check refuses an S3 store without one."""
    text, findings = run(mutated(s3_with_staging))
    assert [f.text() for f in findings if f.severity.value == "error"] == []
    loaded = load_text(text, "case.yaml")
    export = zone_export(Deployment(loaded, validate(loaded)))
    apis = [c.api for c in export.calls]
    staging = apis.index("createSecondaryStagingStore")
    assert staging < apis.index("addImageStore")
    call = export.calls[staging]
    assert (call.text("url"), call.text("provider")) == ("nfs://10.10.0.6/export/staging", "NFS")
    assert export.problems == []
    without = [c for c in export.calls if c.api != "createSecondaryStagingStore"]
    assert [p.message for p in check_calls(without)] == [
        "addImageStore: an S3 store needs a staging store first (createSecondaryStagingStore)"]
    config, _ = export.marvin()
    assert config["zones"][0]["cacheStorages"] == [{"url": "nfs://10.10.0.6/export/staging", "provider": "NFS"}]
