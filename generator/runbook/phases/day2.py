"""Chapter: day-2 procedures. Re-adding and replacing hosts, adding a management server, upgrading."""

from __future__ import annotations

from ...escape import shell_comment
from ...export import vault
from ...model import Hypervisor
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step, secret_ref
from .templates import BASE, SUFFIX

TITLE = "Day 2: hosts, management servers, upgrades"
INTRO = ("Not part of the first install: the procedures the operators follow afterwards, with this deployment's "
         "values. Each ends with the same proofs as the install.")

STATION = "the installer's workstation"
AGENT_FILES = "/etc/cloudstack/agent/agent.properties /etc/cloudstack/agent/cloud.jks /etc/cloudstack/agent/cloud.crt"


def _host_id() -> str:
    return "HOST='<host name>'\nH=$(cmk -o json listHosts name=\"$HOST\" type=Routing | jq -r '.host[0].id')"


def readd_host(ctx: RunbookContext) -> Step:
    kvm = Hypervisor.kvm in ctx.hypervisors
    api = "\n".join([_host_id(), 'cmk prepareHostForMaintenance id="$H"',
                     "# wait until resourcestate is Maintenance: its VMs have moved",
                     'cmk deleteHost id="$H"'])
    on_host = ("systemctl stop cloudstack-agent\n"
               f"rm -f {AGENT_FILES}\n"
               "rm -f /etc/libvirt/libvirtd.conf.rpmsave /etc/pki/libvirt/servercert.pem "
               "/etc/pki/libvirt/private/serverkey.pem /etc/pki/CA/cacert.pem\n"
               "apt-get install --reinstall -y cloudstack-agent || dnf reinstall -y cloudstack-agent")
    commands = [Command(STATION, api, caption="In CloudStack: drain, then remove the host")]
    if kvm:
        commands.append(Command("the KVM host", on_host, caption="On the host: forget the old identity"))
    commands.append(Command(STATION, "ADDR='<host address>'\n"
                                     'cmk addHost zoneid="$Z" podid="$P" clusterid="$C" hypervisor=KVM '
                                     'url="http://$ADDR" username=root '
                                     f'password="{secret_ref(vault.HOST_PASSWORD.name)}"',
                            caption="Add it again, as the zone script did"))
    return Step("Re-adding a host cleanly", Role.cloud, f"{STATION} and the host",
                "A host that was removed (or half-added) keeps its old agent identity: its GUID and keystore in "
                "agent.properties and the certificates the management server issued. Drain it, delete it in "
                "CloudStack, clear those files on the host, reinstall the agent package, then add it again.",
                commands=tuple(commands),
                checks=(Check(STATION, _host_id() + "\ncmk -o json listHosts id=\"$H\" | jq -r "
                                                    "'.host[0] | \"\\(.state) \\(.resourcestate)\"'",
                              "Up Enabled, with a new id"),
                        Check("the host", "grep -c ^guid= /etc/cloudstack/agent/agent.properties",
                              "1: one GUID, written by the new addHost")))


def replace_host(ctx: RunbookContext) -> Step:
    return Step("Replacing a failed host", Role.cloud, f"{STATION}, the switches and the new host",
                "The new machine takes the failed host's name, id and addresses: its switch ports and its "
                "network configuration download are the same (they are keyed on the host's id). Put the failed host "
                "into maintenance if it still answers, otherwise force its VMs to restart elsewhere (HA) and "
                "delete it; then prepare the new machine with the hosts-phase steps of its cluster and add it.",
                commands=(Command(STATION, _host_id() + '\ncmk deleteHost id="$H" forced=true '
                                           "forcedestroylocalstorage=true",
                                  caption="Remove the failed host"),),
                checks=(Check(STATION, _jq_hosts(), "the replacement Up Enabled under the old name; no host in "
                                                    "Alert or Disconnected"),))


def _jq_hosts() -> str:
    return "cmk -o json listHosts type=Routing | jq -r '.host[] | \"\\(.name) \\(.state) \\(.resourcestate)\"'"


def add_management_server(ctx: RunbookContext) -> Step:
    ms = ctx.servers[0]
    lb = ctx.design.management.load_balancer
    text = ("A new management server follows the install's management-server steps: prepare (FQDN, packages), "
            "the database connection without --deploy-as and with the same -m and -k keys, start, firewall. "
            "Then raise max_connections by 350 on the database, add the server to the global setting host "
            "(the agents' server list) and, behind a load balancer, to both HAProxy backends.")
    checks = [Check(STATION, "cmk -o json listManagementServers | jq -r "
                             "'.managementserver[] | \"\\(.name) \\(.state)\"'",
                    "the new server Up beside the others"),
              Check(STATION, "cmk -o json listConfigurations name=host | jq -r '.configuration[0].value'",
                    "the server list, the new address included")]
    if lb is not None:
        checks.append(Check(lb.names[0], "echo 'show stat' | socat stdio /run/haproxy/admin.sock | cut -d, -f1,2,18",
                            "the new server UP in cloudstack-ui and cloudstack-agents"))
    return Step("Adding a management server", Role.cloud, f"the new server and {ms.name}", text,
                commands=(Command(STATION, "cmk updateConfiguration name=host "
                                           "value='<every active server address, comma-separated>'"),),
                checks=tuple(checks))


def upgrade(ctx: RunbookContext) -> Step:
    hvs = [h for h in ctx.hypervisors if h in SUFFIX]
    line = ctx.version
    ms = ctx.active_servers[0] if ctx.active_servers else ctx.servers[0]
    db = ctx.design.management.database.primary
    templates = "\n".join([
        "NEW='<new version, e.g. 4.23.0>'; LINE='<its line, e.g. 4.23>'",
        "OS=$(cmk -o json listOsTypes description='Debian GNU/Linux 12 (64-bit)' | jq -r '.ostype[0].id')",
        *(f'cmk registerTemplate name="systemvm-{SUFFIX[h][0]}-$NEW" displaytext="systemvm-{SUFFIX[h][0]}-$NEW" '
          f'hypervisor={SUFFIX[h][0]} format={_fmt(h)} ostypeid="$OS" zoneid=-1 '
          f'url="{BASE}/$LINE/systemvmtemplate-$NEW-{SUFFIX[h][1]}"' for h in hvs)])
    backup = (f'MYSQL_PWD="{secret_ref(vault.DB_ROOT_PASSWORD.name)}" mysqldump -u root --single-transaction '
              "--routines --databases cloud cloud_usage "
              f'> "cloud-backup-$(date +%F).sql"   # on {shell_comment(db.name)}, after every management server '
              "is stopped")
    packages = "\n".join([
        "systemctl stop cloudstack-management cloudstack-usage   # on every management server",
        backup,
        "apt-get update && apt-get install -y cloudstack-management   "
        f"# {shell_comment(ms.name)} first, with the new line's "
        "repository (dnf upgrade on EL)",
        f"systemctl start cloudstack-management   # {shell_comment(ms.name)}: it upgrades the database schema, once",
    ])
    agents = ("apt-get install -y cloudstack-agent && systemctl restart cloudstack-agent   # each KVM host, one "
              "at a time, in maintenance")
    return Step(f"Upgrading within and beyond the {line} line", Role.cloud, f"{ms.name}, the database and the hosts",
                "Read the release notes of the target version first and rehearse on a test cloud. The order matters: "
                "(1) register the new system VM template for every hypervisor in use while the old release still "
                "runs, and wait until it is Ready; (2) stop every management server (and usage server); (3) back "
                "up both databases; (4) upgrade the packages on one management server and start it alone: it "
                "migrates the schema; (5) check it; (6) upgrade and start the other management servers; (7) "
                "upgrade the agents host by host; (8) restart the system VMs and routers so they run the new "
                "template. A patch release of the same line only needs steps 2 to 7.",
                values=(("Current line", line), ("Database", db.name), ("First server", ms.name)),
                commands=(Command(STATION, templates, caption="(1) template first"),
                          Command(f"the management servers and {db.name}", packages,
                                  caption="(2)-(4), (6) stop, back up, upgrade"),
                          Command("each KVM host", agents, caption="(7) agents")),
                checks=(Check(STATION, "cmk -o json listTemplates templatefilter=system | jq -r '.template[] | "
                                       "\"\\(.name) \\(.isready)\"'",
                              "the new system VM templates true (Ready) before anything is stopped"),
                        Check(db.name, "ls -l cloud-backup-*.sql && grep -c 'CREATE TABLE' cloud-backup-*.sql",
                              "today's dump, with the tables of both databases"),
                        Check(STATION, "cmk -o json listManagementServers | jq -r '.managementserver[] | "
                                       "\"\\(.name) \\(.version) \\(.state)\"'",
                              "every server Up at the new version"),
                        Check(STATION, "cmk -o json listSystemVms | jq -r '.systemvm[] | \"\\(.name) \\(.state)\"'; "
                                       "cmk -o json listRouters listall=true | jq -r '.router[] | "
                                       "\"\\(.name) \\(.version) \\(.requiresupgrade)\"'",
                              "system VMs Running; every router at the new version, requiresupgrade false; then "
                              "the acceptance phase passes again")))


def _fmt(h: Hypervisor) -> str:
    return {Hypervisor.kvm: "QCOW2", Hypervisor.lxc: "QCOW2", Hypervisor.xenserver: "VHD",
            Hypervisor.vmware: "OVA", Hypervisor.hyperv: "VHD"}[h]


def build(ctx: RunbookContext) -> Phase:
    return Phase("day2", TITLE, INTRO, (readd_host(ctx), replace_host(ctx), add_management_server(ctx), upgrade(ctx)))
