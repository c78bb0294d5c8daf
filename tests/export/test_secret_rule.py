"""SECRET-IN-DESIGN: a secret in a design is an error at its line; ordinary words are not secrets."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.loader.load import load_text
from generator.pipeline import run
from generator.rules import validate
from generator.rules.secrets import secret_in_text
from generator.secret_words import secret_name
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


# --- secrets by CloudStack's own category, whatever the value's type (issue 10) ---

@pytest.mark.parametrize("line", [
    "alert.smtp.password: 73194826",  # a number is a password too
    "alert.smtp.password: true",
    "security.encryption.key: c2VjcmV0a2V5ZGF0YQ==",  # Hidden key material, no secret word in its name
    "security.encryption.iv: aXZkYXRh",
    "network.loadbalancer.haproxy.stats.auth: admin:S3cret",  # Secure, no secret word in its name
    "ldap.bind.principal: cn=admin",
    "alert.smtp.password: $SMTP",  # only an exact ${NAME} is a placeholder
    "alert.smtp.password: '%SMTP%'",
    "alert.smtp.password: '{smtp}'",
    "alert.smtp.password: <smtp-password>",
    "alert.smtp.password: ${SMTP}trailing",
])
def test_secret_settings_by_category_and_any_value(line: str) -> None:
    found = secret_findings(with_settings(line))
    name = line.split(":", 1)[0]
    assert [m for _, m in found] == [f"'{name}' holds a secret in clear text"]


@pytest.mark.parametrize("line", ["kvm.private.network.device: cloudbr1", "router.ram.size: 1024",
                                  "alert.smtp.password: ${SMTP_PASSWORD}", "alert.smtp.password: ''"])
def test_hidden_settings_that_are_not_key_material(line: str) -> None:
    assert secret_findings(with_settings(line)) == []


def test_secret_settings_come_from_the_data() -> None:
    from generator.secret_words import secret_setting, secret_settings

    assert {"security.encryption.key", "network.loadbalancer.haproxy.stats.auth", "alert.smtp.password",
            "security.hash.key", "ldap.bind.principal"} <= secret_settings()
    assert not secret_setting("kvm.private.network.device")
    assert not secret_setting("log.hide.password")  # a Boolean setting named like a secret
    assert secret_setting("some.plugin.password")  # unknown to the data: the name decides


@pytest.mark.parametrize(("text", "found"), [
    ("api_key AKIA0123456789ABCDEF", True), ("password is hunter2", True), ("secret key: k3y!", True),
    ("-----BEGIN OPENSSH PRIVATE KEY-----", True), ("the api key is rotated monthly", False),
    ("password hashing with bcrypt", False), ("token ring network", False), ("password=$PW", True),
    ("password=<from-vault>", True),
])
def test_credentials_in_prose(text: str, found: bool) -> None:
    assert (secret_in_text(text) is not None) is found


def test_a_credential_in_a_description_is_a_finding() -> None:
    text = BASE.replace("description: Management network of hosts, system VMs, the management server and storage",
                        "description: switch login admin, api_key AKIA0123456789ABCDEF")
    assert text != BASE
    assert len(secret_findings(text)) == 1


SECRET_VALUE = "Zq73194826x"


@pytest.mark.parametrize("line", [
    f"alert.smtp.password: {SECRET_VALUE}",
    f"security.encryption.key: {SECRET_VALUE}",
    f"alert.smtp.password: [{SECRET_VALUE}]",  # a schema error (a list where a value goes)
    f"log.hide.password: {SECRET_VALUE}",  # a type error of a Boolean setting
])
def test_no_secret_in_any_message_page_or_file(line: str, tmp_path: Path) -> None:
    """The value never reaches a finding, the validation page, or any artefact of the site."""
    from generator.site.pages import deployment_pages

    path = tmp_path / "lab.yaml"
    path.write_text(with_settings(line))
    deployment = run(path)
    assert deployment.findings and not deployment.valid
    texts = [f.text() for f in deployment.findings] + [a.data().decode("utf-8", "replace")
                                                       for a in deployment_pages(deployment)]
    assert not [t for t in texts if SECRET_VALUE in t]


def test_schema_errors_name_the_field_not_the_value(tmp_path: Path) -> None:
    path = tmp_path / "lab.yaml"
    path.write_text(BASE.replace("max_vms: ", f"max_vms: {SECRET_VALUE} #", 1))
    assert path.read_text() != BASE
    findings = run(path).findings
    assert [f.rule for f in findings] == ["SCHEMA-TYPE"]
    assert "max_vms" in findings[0].message and SECRET_VALUE not in findings[0].text()
    assert "got text of 11 characters" in findings[0].message
