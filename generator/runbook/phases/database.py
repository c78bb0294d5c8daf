"""Phase: MySQL, tuned for CloudStack, with a replica for disaster recovery when designed."""

from __future__ import annotations

from markupsafe import Markup

from ...export import vault
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step, secret_ref

TITLE = "MySQL"
INTRO = Markup(  # Markdown of the project's own: its code spans stay
    "CloudStack keeps its state in MySQL 8.0 (databases `cloud` and `cloud_usage`). The settings below are the "
         "ones CloudStack needs; the replica, when designed, is set up while the primary is still empty so that "
         "everything created later replicates.")

CONNECTIONS_PER_SERVER = 350
ROOT_PASSWORD = secret_ref(vault.DB_ROOT_PASSWORD.name)
REPL_PASSWORD = secret_ref(vault.DB_REPL_PASSWORD.name)
# Once root has its password, the client reads it from MYSQL_PWD: nothing to type, nothing in `ps`.
AS_ROOT = f'MYSQL_PWD="{ROOT_PASSWORD}" mysql -u root'


def _firewall(family: str, sources: list[str], port: int) -> str:
    if family == "ubuntu":
        return "\n".join(f"ufw allow from {s} to any port {port} proto tcp" for s in sources)
    rules = "\n".join(f"firewall-cmd --permanent --add-rich-rule='rule family=ipv4 source address={s} "
                      f"port port={port} protocol=tcp accept'" for s in sources)
    return rules + "\nfirewall-cmd --reload"


def _settings(server_id: int, connections: int, listen_on: str | None, replica: bool) -> list[str]:
    lines = [
        "[mysqld]",
        f"server_id = {server_id}",
        "innodb_rollback_on_timeout = 1",
        "innodb_lock_wait_timeout = 600",
        f"max_connections = {connections}",
        "log_bin = mysql-bin",
        "binlog_format = ROW",
    ]
    if listen_on is not None:
        # Loopback stays: a management server on this machine reaches it as localhost over TCP (JDBC).
        lines.append(f"bind-address = 127.0.0.1,{listen_on}")
    if replica:
        lines += ["gtid_mode = ON", "enforce_gtid_consistency = ON"]
    return lines


def build(ctx: RunbookContext) -> Phase:
    database = ctx.design.management.database
    primary, replica = database.primary, database.replica
    primary_ip = ctx.db_ip(primary)
    os = ctx.db_os(primary)
    active = ctx.active_servers
    connections = CONNECTIONS_PER_SERVER * len(active)
    remote = [ms for ms in active if ms.name != primary.name]
    listen = bool(remote) or replica is not None
    config = "\n".join(_settings(1, connections, primary_ip if listen else None, replica is not None))
    where = f"{primary.name} ({primary_ip})"
    first_ms = active[0] if active else ctx.servers[0]
    first_ip = ctx.ms_ip(first_ms)
    setup = [os.install(os.mysql_package), f"cat > {os.mysql_config} <<'EOF'\n{config}\nEOF",
             f"systemctl enable {os.mysql_service}", f"systemctl restart {os.mysql_service}"]
    sources = sorted({ctx.ms_ip(ms) for ms in remote} | ({ctx.db_ip(replica)} if replica else set()))
    if sources:
        setup.append(_firewall(os.family, sources, 3306))
    # A fresh server lets root in through the socket without a password (auth_socket on Ubuntu, an
    # empty password on EL). cloudstack-setup-databases logs in with a password, so root gets one here;
    # every later root login on the database servers uses it.
    statements = []
    if first_ms.name != primary.name:
        statements += [f"CREATE USER 'root'@'{first_ip}' IDENTIFIED BY '{ROOT_PASSWORD}';",
                       f"GRANT ALL PRIVILEGES ON *.* TO 'root'@'{first_ip}' WITH GRANT OPTION;"]
    statements.append(f"ALTER USER 'root'@'localhost' IDENTIFIED WITH caching_sha2_password BY '{ROOT_PASSWORD}';")
    setup.append(f'mysql -u root -e "{" ".join(statements)}"')
    probe = (f"{AS_ROOT} -Nse 'select @@innodb_rollback_on_timeout, @@innodb_lock_wait_timeout, "
             "@@max_connections, @@binlog_format, @@server_id'")
    checks = [
        Check(primary.name, "mysql --version", "Ver 8.0.x (the version CloudStack is tested with)"),
        Check(primary.name, probe, f"1  600  {connections}  ROW  1"),
    ]
    if first_ms.name != primary.name:
        checks.append(Check(first_ms.name, f"{AS_ROOT} -h {primary_ip} -e 'SHOW GRANTS'",
                            f"GRANT ALL PRIVILEGES ON *.* TO `root`@`{first_ip}` WITH GRANT OPTION"))
    text = (f"max_connections is {CONNECTIONS_PER_SERVER} per active management server ({len(active)}). "
            "The binary log in ROW format is what CloudStack expects (and what replication needs). root's "
            "password becomes DB_ROOT_PASSWORD (cloudstack-setup-databases logs in with it); from then on root "
            "logs in with it, here and on the replica.")
    if first_ms.name != primary.name:
        text += (f" cloudstack-setup-databases runs on {first_ms.name} as root with --deploy-as, so root may log "
                 f"in from {first_ip} with every privilege and GRANT OPTION; keep that if you run "
                 "mysql_secure_installation.")
    steps = [Step(f"MySQL on {primary.name}", Role.cloud, where, text,
                  values=(("Configuration file", os.mysql_config), ("max_connections", str(connections))),
                  commands=(Command(where, "\n".join(setup)),), checks=tuple(checks))]
    if replica is not None:
        replica_ip = ctx.db_ip(replica)
        ros = ctx.db_os(replica)
        rconfig = "\n".join([*_settings(2, connections, replica_ip, True), "read_only = ON"])
        on_primary = (f"{AS_ROOT} -e \"CREATE USER 'repl'@'{replica_ip}' IDENTIFIED BY '{REPL_PASSWORD}'; "
                      f"GRANT REPLICATION SLAVE ON *.* TO 'repl'@'{replica_ip}';\"")
        standby = sorted({ctx.ms_ip(ms) for ms in ctx.servers if ms.standby})
        on_replica = "\n".join([
            ros.install(ros.mysql_package), f"cat > {ros.mysql_config} <<'EOF'\n{rconfig}\nEOF",
            f"systemctl enable {ros.mysql_service}", f"systemctl restart {ros.mysql_service}",
            *([_firewall(ros.family, standby, 3306)] if standby else []),
            f"mysql -u root -e \"CHANGE REPLICATION SOURCE TO SOURCE_HOST='{primary_ip}', SOURCE_USER='repl', "
            f"SOURCE_PASSWORD='{REPL_PASSWORD}', SOURCE_AUTO_POSITION=1, GET_SOURCE_PUBLIC_KEY=1; "
            "START REPLICA;\"",
        ])
        steps.append(Step(f"MySQL replica on {replica.name}", Role.cloud, f"{replica.name} ({replica_ip})",
                          f"A read-only copy of {primary.name}, kept current by GTID replication, for disaster "
                          "recovery. Set it up now, before the CloudStack databases exist. The replica's root "
                          "logs in through the socket until the primary's users have replicated; from then on "
                          "root's password is DB_ROOT_PASSWORD here too. CHANGE REPLICATION SOURCE needs MySQL "
                          "8.0.23 or later (older: CHANGE MASTER TO with MASTER_… names).",
                          values=(("Replicates from", f"{primary.name} ({primary_ip})"),),
                          commands=(Command(primary.name, on_primary),
                                    Command(f"{replica.name} ({replica_ip})", on_replica)),
                          checks=(Check(replica.name,
                                        f"{AS_ROOT} -e 'SHOW REPLICA STATUS\\G' | "
                                        "grep -E 'Replica_(IO|SQL)_Running:'",
                                        "Replica_IO_Running: Yes and Replica_SQL_Running: Yes"),
                                  Check(replica.name, f"{AS_ROOT} -Nse 'select @@server_id, @@read_only'",
                                        "2  1"))))
    return Phase("mysql", TITLE, INTRO, tuple(steps))
