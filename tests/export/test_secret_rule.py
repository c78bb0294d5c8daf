"""SECRET-IN-DESIGN: a secret in a design is an error at its line; ordinary words are not secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.loader.load import load_text
from generator.pipeline import run
from generator.rules import validate
from generator.rules.secrets import secret_in_text, secret_name
from tests.conftest import DESIGNS

BASE = (DESIGNS / "small-scale.yaml").read_text("utf-8")
SETTINGS = "settings:\n  storage.overprovisioning.factor: 2\n"


def secret_findings(text: str) -> list[tuple[int, str]]:
    loaded = load_text(text, "designs/test.yaml")
    assert loaded.design is not None, [f.text() for f in loaded.findings]
    return [(f.line, f.message) for f in validate(loaded) if f.rule == "SECRET-IN-DESIGN"]


def with_settings(*lines: str) -> str:
    assert SETTINGS in BASE
    return BASE.replace(SETTINGS, SETTINGS + "".join(f"  {line}\n" for line in lines))


def test_example_design_has_none() -> None:
    assert secret_findings(BASE) == []


def test_password_setting_with_a_value() -> None:
    text = with_settings("ldap.bind.password: hunter2")
    line = text.splitlines().index("  ldap.bind.password: hunter2") + 1
    assert secret_findings(text) == [(line, "'ldap.bind.password' holds a secret in clear text")]


@pytest.mark.parametrize("line", [
    "upload.post.secret.key: s3cr3tv4lue",
    "ca.plugin.root.private.key: MIIEvQIBADANBgkqhkiG9w0",
])
def test_key_settings_with_a_value(line: str) -> None:
    assert len(secret_findings(with_settings(line))) == 1


@pytest.mark.parametrize("line", [
    "log.hide.password: true",
    "password.policy.minimum.length: 12",
    "api.key.access: true",
    "ldap.bind.password: ${LDAP_PASSWORD}",
])
def test_setting_names_that_are_not_secrets(line: str) -> None:
    assert secret_findings(with_settings(line)) == []


def test_password_inside_a_url_or_text() -> None:
    text = BASE.replace("description: Management network of hosts, system VMs, the management server and storage",
                        "description: backups go to nfs://admin:hunter2@10.10.0.9/backup")
    assert text != BASE
    assert [m for _, m in secret_findings(text)] == ["a password in a URL (user:password@host) in clear text"]


def test_password_pair_in_a_path() -> None:
    text = BASE.replace("path: /export/primary,", "path: \"/export/primary?password=hunter2\",")
    assert text != BASE
    assert [m for _, m in secret_findings(text)] == ["'password=…' in clear text"]


@pytest.mark.parametrize(("text", "found"), [
    ("password=hunter2", True), ("token: abc123", True), ("https://u:p@host/x", True),
    ("password=${DB_PASSWORD}", False), ("https://u:${PW}@host", False), ("the password is in the vault", False),
    ("https://host/path", False), ("user@host", False),
])
def test_secret_in_text(text: str, found: bool) -> None:
    assert (secret_in_text(text) is not None) is found


@pytest.mark.parametrize(("name", "found"), [
    ("ldap.bind.password", True), ("db_passwd", True), ("s3.secret.key", True), ("apikey", True),
    ("password.policy.minimum.digits", False), ("keyboard", False), ("api.key.access", False), ("cloudbr0", False),
])
def test_secret_name(name: str, found: bool) -> None:
    assert secret_name(name) is found


@pytest.mark.parametrize("text", [
    with_settings("ldap.bind.password: hunter2"),
    BASE.replace("    A trial cloud in one rack", "    password=hunter2 A trial cloud in one rack"),
    BASE.replace("description: Management network of hosts, system VMs, the management server and storage",
                 "description: backups at nfs://admin:hunter2@10.10.0.9/backup"),
], ids=["setting", "description", "url"])
def test_a_design_with_a_secret_publishes_nothing_of_it(text: str, tmp_path: Path) -> None:
    path = tmp_path / "leaky.yaml"
    path.write_text(text, "utf-8")
    deployment = run(path)
    assert not deployment.valid
    artefacts = pipeline.artefacts(deployment)
    assert artefacts
    assert [a.path for a in artefacts if b"hunter2" in a.data()] == []
