"""Phase: management servers, then the load balancer in front of them."""

from __future__ import annotations

from markupsafe import Markup

from ...escape import markdown, shell
from ...export import vault
from ...model import Hypervisor, ManagementServer
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step, secret_ref

TITLE = "Management servers"
INTRO = Markup(  # Markdown of the project's own: its code spans stay
    "Each management server gets the same packages and keys; the first one creates the database schema. "
         "Agents reach the servers on 8250 by the server list CloudStack hands them (global setting `host`), not "
         "through the load balancer.")

VHD_UTIL_DIR = "/usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver"
PORTS = (8080, 8250, 9090)


def _prepare(ctx: RunbookContext, ms: ManagementServer) -> Step:
    os = ctx.ms_os(ms)
    ip = ctx.ms_ip(ms)
    where = f"{ms.name} ({ip})"
    lines = [f"hostnamectl set-hostname {shell(ms.name)}",
             os.install("chrony"), f"systemctl enable --now {'chrony' if os.family == 'ubuntu' else 'chronyd'}"]
    if os.family == "el":
        lines += ["setenforce permissive", "sed -i 's/^SELINUX=.*/SELINUX=permissive/' /etc/selinux/config"]
    lines += [os.repository(ctx.version), os.install("cloudstack-management", os.nfs_client)]
    checks = [
        Check(ms.name, "hostname --fqdn", f"{ms.name}.<your domain>: a name with a dot, resolvable to {ip}"),
        Check(ms.name, "chronyc tracking", "Leap status : Normal"),
        Check(ms.name, "java -version 2>&1 | head -1", 'openjdk version "17…'),
        Check(ms.name, "dpkg -s cloudstack-management | grep ^Version" if os.family == "ubuntu"
              else "rpm -q cloudstack-management", f"version {ctx.version}.x"),
    ]
    if Hypervisor.xenserver in ctx.hypervisors:
        lines.append(f"wget -O {VHD_UTIL_DIR}/vhd-util http://download.cloudstack.org/tools/vhd-util\n"
                     f"chmod 755 {VHD_UTIL_DIR}/vhd-util")
        checks.append(Check(ms.name, f"ls -l {VHD_UTIL_DIR}/vhd-util", "an executable file (-rwxr-xr-x)"))
    return Step(f"Prepare {ms.name}", Role.cloud, where,
                f"{os.title}: time sync, the CloudStack {ctx.version} repository and the management-server packages "
                "(they bring Java 17). Add the server's fully qualified name to DNS or /etc/hosts: "
                "cloudstack-setup-databases and the agents need it."
                + (" SELinux goes to permissive, as the install guide asks." if os.family == "el" else ""),
                commands=(Command(where, "\n".join(lines)),), checks=tuple(checks))


def _databases(ctx: RunbookContext, ms: ManagementServer, first: bool) -> Step:
    database = ctx.design.management.database
    db = database.replica if ms.standby and database.replica is not None else database.primary
    db_ip = "localhost" if ctx.db_host(db) is ms else ctx.db_ip(db)
    ip = ctx.ms_ip(ms)
    command = (f'cloudstack-setup-databases "cloud:{secret_ref(vault.DB_CLOUD_PASSWORD.name)}@{db_ip}"'
               + (f' --deploy-as="root:{secret_ref(vault.DB_ROOT_PASSWORD.name)}"' if first else "")
               + f' -e file -m "{secret_ref(vault.MS_SECRET_KEY.name)}" -k "{secret_ref(vault.DB_SECRET_KEY.name)}"'
               + f" -i {ip}")
    text = Markup("The first server creates the `cloud` and `cloud_usage` databases and the `cloud` user "
                  "(--deploy-as). " if first else "The databases exist already: no --deploy-as. ")
    text += Markup("-m and -k must be the same on every management server.")
    if ms.standby:
        text += Markup(" ") + markdown(f"This standby server points at the replica {db.name}; after a failover the "
                                       "replica is promoted and the server started.")
    return Step(f"Database connection of {ms.name}", Role.cloud, f"{ms.name} ({ip})", text,
                values=(("Database", f"{db.name} ({db_ip})" if db.name != ms.name else "on this server"),),
                commands=(Command(f"{ms.name} ({ip})", command),),
                checks=(Check(ms.name, "grep -E '^db.cloud.host=' /etc/cloudstack/management/db.properties",
                              f"db.cloud.host={db_ip}"),))


def _open_ports(family: str) -> str:
    if family == "ubuntu":
        return "\n".join(f"ufw allow {p}/tcp" for p in PORTS)
    return "\n".join(f"firewall-cmd --permanent --add-port={p}/tcp" for p in PORTS) + "\nfirewall-cmd --reload"


def _start(ctx: RunbookContext, ms: ManagementServer) -> Step:
    os = ctx.ms_os(ms)
    ip = ctx.ms_ip(ms)
    where = f"{ms.name} ({ip})"
    if ms.standby:
        lines = ["cloudstack-setup-management --no-start", "systemctl disable cloudstack-management",
                 _open_ports(os.family)]
        checks: tuple[Check, ...] = (
            Check(ms.name, "systemctl is-enabled cloudstack-management; systemctl is-active cloudstack-management",
                  "disabled, then inactive"),)
        text = "Configured but left stopped and disabled until a failover."
    else:
        lines = ["cloudstack-setup-management", _open_ports(os.family)]
        checks = (
            Check(ms.name, "systemctl is-active cloudstack-management", "active"),
            Check(ms.name, f"curl -s -o /dev/null -w '%{{http_code}}\\n' http://{ip}:8080/client/", "200"),
        )
        text = ("Sets up the service and starts it; the first start builds the schema and takes a few minutes. "
                f"Ports {', '.join(str(p) for p in PORTS)} (UI/API, agents and system VMs, server to server) "
                "must be open; do not expose 8250 or 8096 to the Internet.")
    return Step(f"Start {ms.name}", Role.cloud, where, text, commands=(Command(where, "\n".join(lines)),),
                checks=checks)


def _load_balancer(ctx: RunbookContext) -> Step | None:
    lb = ctx.design.management.load_balancer
    vip = ctx.address_plan.vip(lb)
    if lb is None or vip is None:
        return None
    backends = [(ms.name, ctx.ms_ip(ms)) for ms in ctx.active_servers]
    config = "\n".join([
        "frontend cloudstack-ui",
        f"    bind {vip}:8080",
        "    mode http",
        "    default_backend cloudstack-ms",
        "",
        "backend cloudstack-ms",
        "    mode http",
        "    balance source",
        "    option httpchk GET /client/",
        *(f"    server {name} {ip}:8080 check" for name, ip in backends),
    ])
    return Step("Load balancer for the UI and API", Role.network, f"{' and '.join(lb.names)} (VIP {vip})",
                "Port 8080 of the VIP goes to every active management server, with source-address stickiness "
                "(UI sessions live on one server) and a health check on /client/. Port 8250 is not balanced: agents "
                "get the server list from CloudStack. The example is HAProxy; set the same on another balancer.",
                values=(("VIP", f"{vip}:8080"), ("Servers", ", ".join(f"{n} {ip}:8080" for n, ip in backends))),
                commands=(Command(lb.names[0], config, "text", caption="/etc/haproxy/haproxy.cfg (excerpt)"),),
                checks=(Check("a machine on " + lb.network,
                              f"curl -s -o /dev/null -w '%{{http_code}}\\n' http://{vip}:8080/client/",
                              "200, and still 200 with any one management server stopped"),))


def build(ctx: RunbookContext) -> Phase:
    steps: list[Step] = []
    ordered = ctx.active_servers + [ms for ms in ctx.servers if ms.standby]
    for i, ms in enumerate(ordered):
        steps += [_prepare(ctx, ms), _databases(ctx, ms, first=i == 0), _start(ctx, ms)]
    lb = _load_balancer(ctx)
    if lb is not None:
        steps.append(lb)
    return Phase("management", TITLE, INTRO, tuple(steps))
