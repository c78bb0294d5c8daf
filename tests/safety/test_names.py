"""One grammar for every name: a hostile name anywhere is a finding at its line, never a file or a command.

Names (devices, sites, zones, pods, clusters, networks, pools, profiles, tags...) are letters, digits,
'.', '_' and '-', start with a letter or digit and hold 1-63 characters; a host entry's name may
hold {id} and must when it stands for several hosts. Free text (descriptions, locations, paths)
stays free: it is escaped where it lands, not restricted here.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from generator.loader.load import load_design, load_text
from generator.model import Design
from generator.model.base import (
    DOMAIN_PATTERN,
    HOST_PATTERN,
    INTERFACE_PATTERN,
    LABEL_PATTERN,
    NAME_PATTERN,
)
from tests.conftest import DESIGNS

SMALL = (DESIGNS / "small-scale.yaml").read_text()

# Text fields that are not names: prose, hardware models, paths and URLs that the escaping of
# each output language handles, or values another rule checks against a closed list.
FREE_TEXT = {
    "Deployment.name", "Deployment.description", "Deployment.cloudstack_version", "Site.location",
    "Site.description", "Network.description", "HostProfile.cpu_model", "StorageServer.description",
    "PrimaryStorage.path", "SecondaryStorage.path", "SecondaryStorage.bucket", "SecondaryStorage.endpoint",
    "Switch.model", "HostSwitch.port_groups", "StagingStore.path", "Firewall.description", "Database.engine",
    "Management.agent_lb_algorithm",
    "Design.settings",  # keys are CloudStack setting names, checked against CloudStack's list (SETTING-UNKNOWN)
}
GRAMMARS = {NAME_PATTERN, HOST_PATTERN, LABEL_PATTERN, DOMAIN_PATTERN, INTERFACE_PATTERN}


def _text_fields(model: type[BaseModel], seen: set[type[BaseModel]]) -> typing.Iterator[tuple[str, Any, list[Any]]]:
    """(Model.field, annotation, metadata) of every field that takes text, keys of mappings included."""
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        yield from _walk(f"{model.__name__}.{name}", info.annotation, list(info.metadata), seen)


def _walk(where: str, annotation: Any, metadata: list[Any],
          seen: set[type[BaseModel]]) -> typing.Iterator[tuple[str, Any, list[Any]]]:
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = get_args(annotation)
        yield from _walk(where, inner, [*metadata, *extra], seen)
    elif origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            yield from _walk(where, arg, metadata, seen)
    elif origin is list:
        yield from _walk(where, get_args(annotation)[0], [], seen)
    elif origin is dict:
        key, value = get_args(annotation)
        yield from _walk(f"{where}[key]", key, [], seen)
        yield from _walk(where, value, [], seen)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _text_fields(annotation, seen)
    elif annotation is str:
        yield where, annotation, metadata


def _pattern(metadata: list[Any]) -> str | None:
    for item in metadata:
        for constraint in [item, *getattr(item, "metadata", [])]:
            pattern = getattr(constraint, "pattern", None)
            if pattern:
                return str(pattern)
    return None


def test_every_text_field_is_a_name_or_declared_free_text() -> None:
    """A new text field must take a grammar or be listed as free text on purpose: no name slips through."""
    undecided = sorted({where for where, _, metadata in _text_fields(Design, set())
                        if _pattern(metadata) not in GRAMMARS and where.removesuffix("[key]") not in FREE_TEXT})
    assert undecided == []


def test_the_names_people_name_use_the_name_grammar() -> None:
    fields = {where: _pattern(metadata) for where, _, metadata in _text_fields(Design, set())}
    for where in ("Site.name", "Design.networks[key]", "Design.host_profiles[key]", "Switch.name", "Switch.site",
                  "Switch.pod", "Switch.peer", "Firewall.name", "StorageServer.name", "ManagementServer.name",
                  "LoadBalancer.names", "DatabaseServer.name", "Region.name", "Zone.name", "Pod.name", "Cluster.name",
                  "Cluster.profile", "PhysicalNetwork.name", "PhysicalNetwork.tags", "PrimaryStorage.name",
                  "PrimaryStorage.server", "PrimaryStorage.tags", "SecondaryStorage.name", "SharedNetwork.name",
                  "Attachment.network", "ServerNic.cabled_to", "HostEntry.profile", "HostEntry.addresses[key]",
                  "VCenter.datacenter"):
        assert fields.get(where) == NAME_PATTERN, where
    assert fields["HostEntry.name"] == HOST_PATTERN
    assert fields["Traffic.labels"] == LABEL_PATTERN
    assert fields["Nic.name"] == INTERFACE_PATTERN


# Where a name sits in designs/small-scale.yaml: the text to replace and what to put instead.
PLACES = {
    "site": ("  - name: lab\n    location", "  - name: {v}\n    location"),
    "network key": ("  lab-public:\n", "  {v}:\n"),
    "host profile key": ("  kvm-small:\n", "  {v}:\n"),
    "switch": ("- name: lab-sw1", "- name: {v}"),
    "firewall": ("- name: lab-fw1", "- name: {v}"),
    "storage server": ("- name: lab-nfs1", "- name: {v}"),
    "management server": ("{name: lab-ms1, site", "{name: {v}, site"),
    "region": ("  - name: lab\n    zones", "  - name: {v}\n    zones"),
    "zone": ("- name: lab-z1", "- name: {v}"),
    "physical network": ("- name: lab-pnet-guest", "- name: {v}"),
    "pod": ("- name: lab-p01", "- name: {v}"),
    "cluster": ("- name: lab-c01", "- name: {v}"),
    "host": ('{name: "lab-kvm{id:02d}", id: 1, count: 4}', "{name: {v}, id: 1}"),
    "primary pool": ("{name: lab-primary1,", "{name: {v},"),
    "secondary store": ("{name: lab-secondary1,", "{name: {v},"),
    "reference to a server": ("server: lab-nfs1, path: /export/primary", "server: {v}, path: /export/primary"),
    "tag": ("guest_vlans: [500-599]", "guest_vlans: [500-599]\n            tags: [{v}]"),
}
HOSTILE = {
    "absolute path": "/etc/cron.d/x",
    "parent folder": "../../../x",
    "leading dot": ".hidden",
    "leading dash": "-rf",
    "newline": '"lab\\ntouch /tmp/pwned"',
    "space": '"lab one"',
    "shell": '"$(reboot)"',
    "markup": '"<img src=x onerror=alert(1)>"',
    "attribute list": '"x{: onclick=alert(1)}"',
    "too long": "a" * 64,
    "empty": '""',
    "not ASCII": "café",
    "comma": '"a,b"',
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_hostile_name_anywhere_is_a_finding_at_its_line(place: str) -> None:
    old, new = PLACES[place]
    for what, value in HOSTILE.items():
        text = SMALL.replace(old, new.replace("{v}", value), 1)
        assert text != SMALL
        loaded = load_text(text, "x.yaml")
        assert loaded.design is None, (place, what)
        line = next(i for i, row in enumerate(text.splitlines(), 1) if value in row)
        hits = [f for f in loaded.findings if f.line == line]
        assert hits, (place, what, [(f.line, f.rule, f.message) for f in loaded.findings])
        says = "at most 63 characters" if what == "too long" else "letters, digits"
        assert any(says in f.fix for f in hits), (place, what, hits)


@pytest.mark.parametrize("name", ["a", "A1", "lab-kvm01", "ams1.p01_c-2", "0day", "x" * 63])
def test_plain_names_are_accepted(name: str) -> None:
    loaded = load_text(SMALL.replace("- name: lab-c01", f"- name: {name}", 1), "x.yaml")
    assert loaded.findings == [] and loaded.design is not None


@pytest.mark.parametrize("pattern", ["kvm{id}", "kvm{id:02d}", "{id}-kvm", "kvm{id:d}", "k{id:03}x"])
def test_host_patterns_with_id_are_accepted(pattern: str) -> None:
    loaded = load_text(SMALL.replace('"lab-kvm{id:02d}"', f'"{pattern}"'), "x.yaml")
    assert loaded.design is not None, loaded.findings
    names = [host for _, host in loaded.design.regions[0].zones[0].pods[0].clusters[0].hosts[0].names()]
    assert len(set(names)) == 4


@pytest.mark.parametrize("pattern", ["kvm{id!r}", "kvm{id:>4}", "kvm{0}", "kvm{name}", "kvm{id:x}", "kvm{{id}}",
                                     "{id}/../x", "kvm{id:s}", "kvm{id.real}"])
def test_host_patterns_beyond_the_grammar_are_findings(pattern: str) -> None:
    text = SMALL.replace('"lab-kvm{id:02d}"', f'"{pattern}"')
    findings = load_text(text, "x.yaml").findings
    assert [f.rule for f in findings] == ["SCHEMA-VALUE"], findings
    assert "{id}" in findings[0].fix and "letters, digits" in findings[0].fix
    assert pattern in text.splitlines()[findings[0].line - 1]


def test_several_hosts_need_id_in_their_name() -> None:
    text = SMALL.replace('"lab-kvm{id:02d}"', "lab-kvm")
    findings = load_text(text, "x.yaml").findings
    assert [f.rule for f in findings] == ["SCHEMA-VALUE"]
    assert "all be named 'lab-kvm'" in findings[0].message
    assert "{id}" in findings[0].fix
    assert "count: 4" in text.splitlines()[findings[0].line - 1]
    single = load_text(SMALL.replace('{name: "lab-kvm{id:02d}", id: 1, count: 4}', "{name: lab-kvm, id: 1}"),
                       "x.yaml")
    assert single.findings == []


def test_a_host_name_grown_past_63_characters_by_its_number_is_a_finding() -> None:
    stem = "k" * 60
    ok = load_text(SMALL.replace('"lab-kvm{id:02d}"', f'"{stem}{{id:02d}}"'), "x.yaml")
    assert ok.findings == []
    findings = load_text(SMALL.replace('"lab-kvm{id:02d}", id: 1,', f'"{stem}{{id:02d}}", id: 998,'),
                         "x.yaml").findings
    assert [f.rule for f in findings] == ["SCHEMA-VALUE"] and "longer than 63" in findings[0].message


@pytest.mark.parametrize("file_name", ["bad;name.yaml", "..yaml", "$(x).yaml", "a" * 64 + ".yaml", "-x.yaml"])
def test_a_file_name_that_is_no_name_is_a_finding(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_text(SMALL)
    findings = load_design(path).findings
    assert [f.rule for f in findings] == ["DESIGN-FILE-NAME"]
    assert "rename the file" in findings[0].fix


@pytest.mark.parametrize("file_name", ["Small_Scale.yaml", "lab 2.yaml", "lab.v2.yaml"])
def test_file_names_people_use_still_load(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_text(SMALL)
    assert load_design(path).findings == []
