"""The management servers' platform: their OS, the database engine, and the disaster-recovery copy.

Each rule restates a mistake operators made, with the CloudStack issue or document that shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import HostOs
from .catalogue import ERROR, WARNING, rule
from .context import Context, Issue

# Install facts §1: supported management-server operating systems (EL 8+, Ubuntu 22.04+).
MS_OS = (HostOs.el8, HostOs.el9, HostOs.ubuntu_22_04, HostOs.ubuntu_24_04)
MARIADB = re.compile(r"^mariadb[-_ ]?(\d+)(?:\.(\d+))?", re.IGNORECASE)
MARIADB_MIN = (10, 6)


@rule("MGMT-SERVER-OS", ERROR, "Management servers run a Linux the management server supports",
      "Install facts §1 (CloudStack installation guide): the management server runs on EL 8+ or Ubuntu 22.04+ "
      "(Java 17, MySQL 8.0); a hypervisor's own OS (XenServer dom0, ESXi, Windows) cannot host the "
      "cloudstack-management packages.")
def ms_os(ctx: Context) -> Iterator[Issue]:
    for ms in ctx.design.management.servers:
        if ms.os not in MS_OS:
            options = ", ".join(o.value for o in MS_OS)
            yield Issue(ms, "os", f"management server {ms.name} runs {ms.os.value}", f"use one of: {options}")


def _mariadb_version(engine: str) -> tuple[int, int] | None:
    match = MARIADB.match(engine.strip())
    if not match:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


@rule("DB-MARIADB-OLD", ERROR, "MariaDB is 10.6 or later",
      "apache/cloudstack#10048 and #9649: a fresh CloudStack 4.19/4.20 install on MariaDB 10.5 (EL9's default) "
      "fails during the schema upgrade; the maintainers found 10.6 and 11.x work. MySQL 8.0 is the tested "
      "engine (install facts §2).")
def mariadb_old(ctx: Context) -> Iterator[Issue]:
    db = ctx.design.management.database
    version = _mariadb_version(db.engine)
    if version is not None and version < MARIADB_MIN:
        yield Issue(db, "engine", f"database engine {db.engine} is older than MariaDB "
                    f"{MARIADB_MIN[0]}.{MARIADB_MIN[1]}", "use MySQL 8.0 ('mysql-8.0') or MariaDB 10.6 or later")


@rule("MGMT-STANDBY-NO-REPLICA", ERROR, "A standby management server has a database replica to use",
      "Seed 003 (multi-site deployment): the backup management-server set at the disaster-recovery site runs "
      "against a MySQL replica of the primary database; a standby server without a replica has no copy of the "
      "cloud's state to start on when the primary site is lost.")
def standby_no_replica(ctx: Context) -> Iterator[Issue]:
    mgmt = ctx.design.management
    standby = [ms for ms in mgmt.servers if ms.standby]
    if standby and mgmt.database.replica is None:
        yield Issue(standby[0], "standby", f"management server {standby[0].name} is a standby, but the database "
                    f"({mgmt.database.primary.name}) has no replica", "add 'replica:' under management.database, at "
                    "the standby's site")


@rule("DB-REPLICA-SAME-SITE", WARNING, "The database replica is at another site than the primary",
      "Seed 003 (multi-node management server): the replica that backs disaster recovery is kept at a remote "
      "site; a replica beside the primary is lost with it, together with the cloud's state.")
def replica_same_site(ctx: Context) -> Iterator[Issue]:
    db = ctx.design.management.database
    if db.replica is not None and db.replica.site == db.primary.site and any(
            ms.standby for ms in ctx.design.management.servers):
        yield Issue(db.replica, "site", f"database replica {db.replica.name} is at site {db.replica.site}, the "
                    f"primary's ({db.primary.name})", "place the replica at the disaster-recovery site, beside the "
                    "standby management server")
