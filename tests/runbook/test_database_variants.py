"""MySQL layouts the examples lack, made from small-scale.yaml: the database on the first management
server with a replica, and with a second management server."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import run
from generator.runbook.build import build_runbook, context
from generator.runbook.model import Step
from tests.conftest import DESIGNS

BASE = (DESIGNS / "small-scale.yaml").read_text("utf-8")
PRIMARY = "    primary: {name: lab-ms1, site: lab, network: lab-mgmt}\n"
SERVER = "    - {name: lab-ms1, site: lab, network: lab-mgmt, os: ubuntu-24.04}\n"


def mysql_steps(tmp_path: Path, old: str, new: str) -> list[Step]:
    assert old in BASE
    path = tmp_path / "variant.yaml"
    path.write_text(BASE.replace(old, new), "utf-8")
    d = run(path)
    assert d.valid, [f.text() for f in d.findings if f.severity.value == "error"]
    rb = build_runbook(context(d))
    return list(next(p for p in rb.phases if p.key == "mysql").steps)


def test_database_on_the_management_server_with_a_replica(tmp_path: Path) -> None:
    steps = mysql_steps(tmp_path, PRIMARY,
                        PRIMARY + "    replica: {name: lab-db2, site: lab, network: lab-mgmt, address: 10.10.0.3}\n")
    primary = steps[0].commands[0].text
    # lab-ms1 reaches its own database as localhost, over TCP (JDBC): loopback must stay bound.
    assert "bind-address = 127.0.0.1,10.10.0.2\n" in primary
    # No other management server, but the replica still has to reach the primary.
    assert "ufw allow from 10.10.0.3 to any port 3306 proto tcp" in primary
    replica = steps[1].commands[1].text
    assert "bind-address = 127.0.0.1,10.10.0.3\n" in replica and "SOURCE_HOST='10.10.0.2'" in replica


def test_database_on_the_first_of_two_management_servers(tmp_path: Path) -> None:
    steps = mysql_steps(tmp_path, SERVER, SERVER + "    - {name: lab-ms2, site: lab, network: lab-mgmt, address: "
                                                   "10.10.0.3, os: ubuntu-24.04}\n")
    primary = steps[0].commands[0].text
    assert "bind-address = 127.0.0.1,10.10.0.2\n" in primary and "max_connections = 700\n" in primary
    assert "ufw allow from 10.10.0.3 to any port 3306 proto tcp" in primary
    # cloudstack-setup-databases runs on lab-ms1 itself: no remote root account.
    assert "CREATE USER 'root'@" not in primary
