"""Phase: management servers, then the load balancer in front of them."""

from __future__ import annotations

from markupsafe import Markup

from ...escape import markdown, shell, shell_comment
from ...export import vault
from ...model import Hypervisor, ManagementServer
from ..common import reach, tcp_allow
from ..context import RunbookContext, cidr_key
from ..model import Check, Command, Phase, Role, Step, secret_ref

TITLE = "Management servers"
INTRO = Markup(  # Markdown of the project's own: its code spans stay
    "Each management server gets the same packages and keys; the first one creates the database schema. "
         "Agents reach the servers on 8250 by the server list CloudStack hands them (global setting `host`), not "
         "through the load balancer.")

VHD_UTIL_DIR = "/usr/share/cloudstack-common/scripts/vm/hypervisor/xenserver"
PORTS = (8080, 8250, 9090)
UI_PORT, AGENT_PORT, PEER_PORT, INTEGRATION_PORT = 8080, 8250, 9090, 8096


def _prepare(ctx: RunbookContext, ms: ManagementServer) -> Step:
    os = ctx.ms_os(ms)
    ip = ctx.ms_ip(ms)
    where = f"{ms.name} ({ip})"
    fqdn = ctx.fqdn(ms)
    known = bool(ctx.domain(ms.site))
    entry = f"{ip} {fqdn} {ms.name}"
    lines = [f"hostnamectl set-hostname {shell(fqdn)}",
             # Ubuntu maps the hostname to 127.0.1.1: hostname --fqdn would then answer from that line.
             "sed -i '/^127\\.0\\.1\\.1[[:space:]]/d' /etc/hosts",
             f"grep -qxF {shell(entry)} /etc/hosts || echo {shell(entry)} >> /etc/hosts",
             os.install("chrony"), f"systemctl enable --now {'chrony' if os.family == 'ubuntu' else 'chronyd'}"]
    if os.family == "el":
        lines += ["setenforce permissive", "sed -i 's/^SELINUX=.*/SELINUX=permissive/' /etc/selinux/config"]
    lines += [os.repository(ctx.version), os.install("cloudstack-management", os.nfs_client)]
    checks = [
        Check(ms.name, "hostname --fqdn", fqdn if known else f"{fqdn}: a name with a dot"),
        Check(ms.name, f"getent hosts {shell(fqdn)}", f"{ip}  {fqdn} {ms.name}"),
        Check(ms.name, "chronyc tracking", "Leap status : Normal"),
        Check(ms.name, "java -version 2>&1 | head -1", 'openjdk version "17…'),
        Check(ms.name, "dpkg -s cloudstack-management | grep ^Version" if os.family == "ubuntu"
              else "rpm -q cloudstack-management", f"version {ctx.version}.x"),
    ]
    if Hypervisor.xenserver in ctx.hypervisors:
        lines.append(f"wget -O {VHD_UTIL_DIR}/vhd-util http://download.cloudstack.org/tools/vhd-util\n"
                     f"chmod 755 {VHD_UTIL_DIR}/vhd-util")
        checks.append(Check(ms.name, f"ls -l {VHD_UTIL_DIR}/vhd-util", "an executable file (-rwxr-xr-x)"))
    text = (f"{os.title}: the fully qualified name {fqdn} with its own /etc/hosts line (CloudStack needs "
            "`hostname --fqdn` to answer a name with a dot; add it to DNS too), time sync, the CloudStack "
            f"{ctx.version} repository and the management-server packages (they bring Java 17).")
    if not known:
        text += " The design names no DNS domain: put yours in place of <your domain>."
    if os.family == "el":
        text += " SELinux goes to permissive, as the install guide asks."
    return Step(f"Prepare {ms.name}", Role.cloud, where, text,
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


def _port_rules(ctx: RunbookContext) -> list[tuple[str | None, str]]:
    """8080 for users (through the load balancer or not); 8250 only from the pods (agents, system
    VMs) and the management network (the other servers); 9090 only between management servers.
    8096, the unauthenticated integration port, stays closed."""
    rules: list[tuple[str | None, str]] = [(None, "22"), (None, str(UI_PORT))]
    rules += [(c, str(AGENT_PORT)) for c in sorted(set(ctx.pod_cidrs()) | set(ctx.ms_cidrs), key=cidr_key)]
    rules += [(c, str(PEER_PORT)) for c in ctx.ms_cidrs]
    return rules


def _firewall(ctx: RunbookContext, family: str) -> str:
    text = tcp_allow(family, _port_rules(ctx))
    return text + "\nufw --force enable" if family == "ubuntu" else text


def _firewall_checks(ctx: RunbookContext, ms: ManagementServer, family: str) -> list[Check]:
    ip = ctx.ms_ip(ms)
    agent_sources = sorted(set(ctx.pod_cidrs()) | set(ctx.ms_cidrs), key=cidr_key)
    if family == "ubuntu":
        listing = Check(ms.name, f"ufw status | grep -E '^({AGENT_PORT}|{PEER_PORT}|{INTEGRATION_PORT})/tcp'",
                        f"{AGENT_PORT}/tcp ALLOW from {', '.join(agent_sources)} and {PEER_PORT}/tcp ALLOW from "
                        f"{', '.join(ctx.ms_cidrs)}, one line each; no line with Anywhere and none for "
                        f"{INTEGRATION_PORT}")
    else:
        listing = Check(ms.name, "firewall-cmd --list-ports; firewall-cmd --list-rich-rules",
                        f"22/tcp {UI_PORT}/tcp only, then one rich rule per source: port {AGENT_PORT} from "
                        f"{', '.join(agent_sources)}, port {PEER_PORT} from {', '.join(ctx.ms_cidrs)}; nothing "
                        f"for {INTEGRATION_PORT}")
    checks = [listing]
    for pod in ctx.pod_cidrs():
        checks.append(Check(f"a machine in {pod} (a pod's management network)", reach([AGENT_PORT], [ip]),
                            f"succeeded: agents and system VMs of that pod reach {ms.name}"))
    checks.append(Check(f"a machine outside {', '.join(agent_sources)} (e.g. the installer's workstation)",
                        f"nc -zv -w3 {ip} {AGENT_PORT}; nc -zv -w3 {ip} {INTEGRATION_PORT}",
                        "a time-out for both: 8250 and 8096 are not exposed beyond the pods and the management "
                        "network"))
    return checks


def _start(ctx: RunbookContext, ms: ManagementServer) -> Step:
    os = ctx.ms_os(ms)
    ip = ctx.ms_ip(ms)
    where = f"{ms.name} ({ip})"
    ports = (f"Port {UI_PORT} (UI/API) is open; {AGENT_PORT} (agents and system VMs) only from the pods' "
             f"management networks and the management network, {PEER_PORT} (server to server) only from the "
             f"management network; {INTEGRATION_PORT} (the unauthenticated integration API) stays closed, as "
             "CloudStack's install guide asks."
             + (" SSH stays open before ufw is enabled." if os.family == "ubuntu" else ""))
    if ms.standby:
        lines = ["cloudstack-setup-management --no-start", "systemctl disable cloudstack-management",
                 _firewall(ctx, os.family)]
        checks: list[Check] = [
            Check(ms.name, "systemctl is-enabled cloudstack-management; systemctl is-active cloudstack-management",
                  "disabled, then inactive")]
        text = "Configured but left stopped and disabled until a failover. " + ports
        checks.append(_firewall_checks(ctx, ms, os.family)[0])
    else:
        lines = ["cloudstack-setup-management", _firewall(ctx, os.family)]
        checks = [
            Check(ms.name, "systemctl is-active cloudstack-management", "active"),
            Check(ms.name, f"curl -s -o /dev/null -w '%{{http_code}}\\n' http://{ip}:{UI_PORT}/client/", "200"),
            *_firewall_checks(ctx, ms, os.family),
        ]
        text = "Sets up the service and starts it; the first start builds the schema and takes a few minutes. " + ports
    return Step(f"Start {ms.name}", Role.cloud, where, text, commands=(Command(where, "\n".join(lines)),),
                checks=tuple(checks))


HAPROXY_CFG = "/etc/haproxy/haproxy.cfg"
KEEPALIVED_CONF = "/etc/keepalived/keepalived.conf"
STATS = "/run/haproxy/admin.sock"


def _haproxy(vip: str, backends: list[tuple[str, str]]) -> str:
    """UI/API on 8080 (HTTP, health-checked on /client/) and agents on 8250 (TCP, health-checked by
    connecting), both sticky by source address, as CloudStack's load-balancing table asks."""
    return "\n".join([
        "global",
        "    log /dev/log local0",
        f"    stats socket {STATS} mode 660 level admin",
        "",
        "defaults",
        "    log global",
        "    timeout connect 5s",
        "    timeout client 1h",
        "    timeout server 1h",
        "",
        "frontend cloudstack-ui",
        f"    bind {vip}:{UI_PORT}",
        "    mode http",
        "    option forwardfor",
        "    default_backend cloudstack-ui",
        "",
        "backend cloudstack-ui",
        "    mode http",
        "    balance source",
        "    option httpchk GET /client/",
        "    http-check expect status 200",
        *(f"    server {name} {ip}:{UI_PORT} check inter 5s fall 3 rise 2" for name, ip in backends),
        "",
        "listen cloudstack-agents",
        f"    bind {vip}:{AGENT_PORT}",
        "    mode tcp",
        "    balance source",
        "    option tcpka",
        *(f"    server {name} {ip}:{AGENT_PORT} check inter 5s fall 3 rise 2" for name, ip in backends),
    ])


def _keepalived(vip: str, prefix: int, own: str, peers: list[str], *, master: bool, router_id: int) -> str:
    lines = [
        "global_defs {",
        "    enable_script_security",
        "    script_user root",
        "}",
        "vrrp_script haproxy_alive {",
        '    script "/usr/bin/systemctl is-active --quiet haproxy"',
        "    interval 2",
        "    fall 2",
        "    rise 2",
        "}",
        "vrrp_instance cloudstack_vip {",
        f"    state {'MASTER' if master else 'BACKUP'}",
        "    interface ${IFACE}",
        f"    virtual_router_id {router_id}",
        f"    priority {150 if master else 100}",
        "    advert_int 1",
        f"    unicast_src_ip {own}",
        "    unicast_peer {",
        *(f"        {p}" for p in peers),
        "    }",
        "    virtual_ipaddress {",
        f"        {vip}/{prefix}",
        "    }",
        "    track_script {",
        "        haproxy_alive",
        "    }",
        "}",
    ]
    return "\n".join(lines)


def _load_balancer(ctx: RunbookContext) -> list[Step]:
    lb = ctx.design.management.load_balancer
    vip = ctx.address_plan.vip(lb)
    if lb is None or vip is None:
        return []
    backends = [(ms.name, ctx.ms_ip(ms)) for ms in ctx.active_servers]
    prefix = ctx.network(lb.network).cidr.prefixlen
    own = {name: ctx.address_text(name, lb.network) for name in lb.names}
    # VRRP router ids are per VLAN; the switches' own VRRP groups use small numbers, so the pair takes
    # one from the VIP's last byte, above 100.
    router_id = 100 + int(str(vip).rsplit(".", 1)[1]) % 155
    config = _haproxy(str(vip), backends)
    steps: list[Step] = []
    pods = ctx.pod_cidrs()
    for i, name in enumerate(lb.names):
        where = f"{name} ({own[name]})"
        peers = [own[n] for n in lb.names if n != name]
        lines = [
            "apt-get install -y haproxy keepalived socat",
            # The backup holds no VIP, yet HAProxy binds it there too: non-local binds must be allowed.
            "echo 'net.ipv4.ip_nonlocal_bind = 1' > /etc/sysctl.d/90-cloudstack-vip.conf",
            "sysctl --system",
            f"cat > {HAPROXY_CFG} <<'EOF'\n{config}\nEOF",
        ]
        checks = [
            Check(name, f"sysctl net.ipv4.ip_nonlocal_bind; haproxy -c -f {HAPROXY_CFG}",
                  "net.ipv4.ip_nonlocal_bind = 1, then Configuration file is valid"),
            Check(name, f"echo 'show stat' | socat stdio {STATS} | cut -d, -f1,2,18 | grep -v -e FRONTEND -e BACKEND",
                  "; ".join(f"cloudstack-ui,{n},UP and cloudstack-agents,{n},UP" for n, _ in backends)
                  + ": both health checks (8080 /client/ and 8250) pass for every active management server"),
        ]
        if peers:
            lines += [f"IFACE=$(ip -o -4 addr show | awk '$4 ~ /^{own[name]}\\// {{print $2}}')",
                      f"cat > {KEEPALIVED_CONF} <<EOF\n"
                      f"{_keepalived(str(vip), prefix, own[name], peers, master=i == 0, router_id=router_id)}\nEOF"]
            checks.append(Check(name, f"ip -br -4 addr | grep -wF {vip}",
                                f"the VIP {vip}/{prefix} on the interface of {own[name]}" if i == 0 else
                                "nothing: the VIP sits on the master while it is healthy"))
        lines += ["systemctl enable haproxy" + (" keepalived" if peers else ""),
                  "systemctl restart haproxy" + (" keepalived" if peers else "")]
        checks.append(Check(name, "systemctl is-active haproxy" + (" keepalived" if peers else ""),
                            "active" + (", active" if peers else "")))
        text = (f"HAProxy listens on the VIP {vip}: port {UI_PORT} (UI and API, HTTP, health check GET /client/) "
                f"and port {AGENT_PORT} (TCP, health check by connection), both sticky by source address as "
                f"CloudStack's load-balancing table asks. Agents do not use the VIP: they get the server list "
                f"(global setting host); port {AGENT_PORT} on the VIP serves anything configured with it.")
        if peers:
            text += (f" keepalived holds the VIP by VRRP (router id {router_id}, unicast to "
                     f"{', '.join(peers)}): {'master' if i == 0 else 'backup'}, with priority "
                     f"{150 if i == 0 else 100}, giving the VIP up when HAProxy stops. "
                     "net.ipv4.ip_nonlocal_bind lets HAProxy bind the VIP on the backup too. The commands are for "
                     "Ubuntu or Debian (dnf on EL).")
        steps.append(Step(f"Load balancer {name}", Role.network, where, text,
                          values=(("VIP", f"{vip}:{UI_PORT} and {vip}:{AGENT_PORT}"),
                                  ("Servers", ", ".join(f"{n} {ip}" for n, ip in backends))),
                          commands=(Command(where, "\n".join(lines)),), checks=tuple(checks)))
    checks = [Check(f"a machine in {pod} (a pod's management network)",
                    f"curl -s -o /dev/null -w '%{{http_code}}\\n' http://{vip}:{UI_PORT}/client/\n"
                    f"nc -zv -w3 {vip} {AGENT_PORT}",
                    "200, then succeeded: the VIP answers from this pod") for pod in pods]
    if len(lb.names) > 1:
        first, second = lb.names[0], lb.names[1]
        checks.append(Check(f"{first}, then {second}, then a machine on {lb.network}",
                            f"systemctl stop keepalived   # on {shell_comment(first)}\n"
                            f"ip -br -4 addr | grep -wF {vip}   # on {shell_comment(second)}\n"
                            f"curl -s -o /dev/null -w '%{{http_code}}\\n' http://{vip}:{UI_PORT}/client/\n"
                            f"systemctl start keepalived   # on {shell_comment(first)}",
                            f"{second} holds {vip} within a few seconds and the UI still answers 200; once "
                            f"keepalived is back on {first} the VIP returns there"))
    checks.append(Check(f"a machine on {lb.network}", "\n".join(
        f"systemctl stop cloudstack-management   # on {shell_comment(n)}, then:\n"
        f"curl -s -o /dev/null -w '%{{http_code}}\\n' http://{vip}:{UI_PORT}/client/\n"
        f"systemctl start cloudstack-management   # on {shell_comment(n)}" for n, _ in backends[:1]),
        "200 while that server is stopped: HAProxy's health check took it out"))
    steps.append(Step("The VIP answers from every pod", Role.network, f"the pods and {lb.network}",
                      "The API endpoint the zone script and the installers use is the VIP: it must answer from "
                      "every pod, survive the loss of a load balancer and of a management server.",
                      values=(("VIP", str(vip)),), checks=tuple(checks)))
    return steps


def build(ctx: RunbookContext) -> Phase:
    steps: list[Step] = []
    ordered = ctx.active_servers + [ms for ms in ctx.servers if ms.standby]
    for i, ms in enumerate(ordered):
        steps += [_prepare(ctx, ms), _databases(ctx, ms, first=i == 0), _start(ctx, ms)]
    steps += _load_balancer(ctx)
    return Phase("management", TITLE, INTRO, tuple(steps))
