"""Phase: pre-flight. What to have on site, which addresses must still be free, which secrets."""

from __future__ import annotations

from collections import Counter

from ...escape import shell_words
from ...export import vault
from ...model import Hypervisor
from ...ports.types import LinkKind
from ..common import gb
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step, Table
from ..platforms import commands

TITLE = "Pre-flight: materials, addresses and access"
INTRO = ("Before anything is cabled: every device is on site, the addresses the plan hands out are still free, "
         "and the installer has the secrets in a vault.")

_CPU_CHECK = {
    Hypervisor.kvm: ("lscpu | grep -E '^(Model name|CPU\\(s\\))'; free -g | grep Mem",
                     "model name {cpu}; CPU(s) {cores} or twice that with hyper-threading; Mem total about {ram} GB"),
    Hypervisor.xenserver: ("xe host-cpu-info | grep -E 'modelname|cpu_count'; xl info | grep total_memory",
                           "modelname {cpu}; cpu_count {cores} or twice that; total_memory about {ram} GB in MB"),
    Hypervisor.vmware: ("esxcli hardware cpu global get; esxcli hardware memory get",
                        "CPU Cores {cores}; Physical Memory about {ram} GB; CPU model {cpu}"),
}


def network_materials(ctx: RunbookContext) -> Step | None:
    design = ctx.design
    if not design.switches and not design.firewalls:
        return None
    rows = [(s.name, s.role.value, s.model or "—", s.platform.value, s.site, s.pod or "—", s.peer or "—")
            for s in design.switches]
    rows += [(f.name, f"firewall ({f.mode.value})", "—", "—", f.site, "—", f.peer or "—") for f in design.firewalls]
    values: list[tuple[str, str]] = []
    if ctx.ports is not None:
        kinds = Counter(r.kind for r in ctx.ports.rows)
        values = [("Host cables", str(kinds[LinkKind.host])), ("Uplink cables", str(kinds[LinkKind.uplink])),
                  ("Peer-link cables", str(kinds[LinkKind.peer_link] // 2))]
        if kinds[LinkKind.server]:
            values.insert(1, ("Server cables", str(kinds[LinkKind.server])))
    checks = tuple(Check(s.name, commands(s.platform).version, f"model {s.model}", "text") for s in design.switches
                   if s.model)
    return Step("Network equipment on site", Role.network, "the racks",
                "Every switch and firewall of the design, racked and powered, with its console reachable.",
                values=tuple(values),
                table=Table(("Device", "Role", "Model", "Platform", "Site", "Pod", "Pair with"), tuple(rows)),
                checks=checks or (Check("the racks", "", "every device in the table is racked, powered and "
                                                         "labelled with its name"),))


def storage_materials(ctx: RunbookContext) -> Step | None:
    design = ctx.design
    if not design.storage_servers:
        return None
    need: Counter[str] = Counter()
    for ref in ctx.clusters:
        for pool in ref.cluster.primary_storage:
            if pool.server and pool.size:
                need[pool.server] += pool.size.bytes
    for _, zone in ctx.inventory.zones():
        for pool in zone.primary_storage:
            if pool.server and pool.size:
                need[pool.server] += pool.size.bytes
        for store in zone.secondary_storage:
            if store.server and store.size:
                need[store.server] += store.size.bytes
    rows = tuple((s.name, s.role.value, s.site,
                  ", ".join(f"{a.network} {ctx.address_text(s.name, a.network)}" for a in s.interfaces),
                  gb(need[s.name]) if need[s.name] else "—") for s in design.storage_servers)
    return Step("Storage systems on site", Role.storage, "the racks",
                "Every storage server with at least the usable capacity the design gives its pools.",
                table=Table(("Server", "Serves", "Site", "Addresses", "Capacity needed"), rows),
                checks=(Check("the racks", "", "every storage server is racked, powered and has the capacity "
                                               "in the table"),))


def server_materials(ctx: RunbookContext) -> Step:
    rows: list[tuple[str, ...]] = []
    for ref in ctx.clusters:
        hosts = ctx.hosts_of(ref.cluster)
        by_profile = Counter(h.profile_name for h in hosts)
        for name, count in sorted(by_profile.items()):
            profile = ctx.design.host_profiles[name]
            nics = ", ".join(f"{n.name} {n.speed}" for n in profile.nics)
            rows.append((f"{ref.cluster.name} ({ref.pod.name})", ref.cluster.hypervisor.value, str(count), name,
                         profile.cpu_model or "—", str(profile.cpu_cores), str(profile.ram_gb), nics))
    for ms in ctx.servers:
        rows.append((ms.name, "management server" + (" (standby)" if ms.standby else ""), "1", "—",
                     ctx.ms_os(ms).title, "—", "—", f"{ms.network} {ctx.ms_ip(ms)}"))
    database = ctx.design.management.database
    for db in (database.primary, database.replica):
        if db is not None and ctx.db_host(db) is None:
            rows.append((db.name, "MySQL " + ("primary" if db is database.primary else "replica"), "1", "—",
                         "—", "—", "—", f"{db.network} {ctx.db_ip(db)}"))
    lb = ctx.design.management.load_balancer
    if lb is not None:
        for name in lb.names:
            rows.append((name, "load balancer", "1", "—", "—", "—", "—",
                         f"{lb.network} {ctx.address_text(name, lb.network)}"))
    checks: list[Check] = []
    seen: set[str] = set()
    for ref in ctx.clusters:
        check = _CPU_CHECK.get(ref.cluster.hypervisor)
        profile = ctx.design.host_profiles[ref.cluster.profile]
        key = f"{ref.cluster.hypervisor.value}/{ref.cluster.profile}"
        if check is None or key in seen:
            continue
        seen.add(key)
        checks.append(Check(f"each host with profile {ref.cluster.profile}", check[0],
                            check[1].format(cpu=profile.cpu_model or "the profile's CPU", cores=profile.cpu_cores,
                                            ram=profile.ram_gb)))
    return Step("Servers on site", Role.cloud, "the racks",
                "Hosts of every cluster (hosts of one cluster share a CPU model), the management servers and "
                "the database servers, with their operating system installed.",
                table=Table(("Cluster / server", "Hypervisor / role", "Count", "Profile", "CPU / OS", "Cores",
                             "RAM (GB)", "NICs / address"), tuple(rows)),
                checks=tuple(checks))


_TAKEN = {"gateway", "vrrp", "firewall"}


def free_addresses(ctx: RunbookContext) -> Step | None:
    plan = ctx.address_plan
    singles = [a for a in plan.allocations if not a.is_range and a.role not in ("host", "host-storage")]
    ranges = [a for a in plan.allocations if a.is_range]
    rows = tuple((a.network, a.address_text, a.role, a.device or "CloudStack", a.zone or "—") for a in
                 sorted(singles + ranges, key=lambda a: (a.network, a.first)))
    fresh = sorted({a.address_text for a in singles if a.role not in _TAKEN})
    probes = [f"fping -a -q -g {a.first} {a.last}" for a in sorted(ranges, key=lambda a: (a.network, a.first))]
    if fresh:
        probes.insert(0, f"fping -a -q {shell_words(fresh)}")
    return Step("Addresses reserved and still free", Role.network, "a machine that reaches every network",
                "The address plan of the management plane, storage and CloudStack's ranges. Host addresses are in "
                "the host phase. Reserve them in your IPAM; nothing may answer on them before the install (a "
                "system-VM range that overlaps a live address is a classic outage).",
                table=Table(("Network", "Address or range", "Role", "Device", "Zone"), rows),
                checks=(Check("a machine that reaches every network", "\n".join(probes),
                              "no output: none of these addresses answers yet (gateways and firewalls are left out)"),))


def secrets(ctx: RunbookContext, names: list[str]) -> Step:
    rows = tuple((n, vault.BY_NAME[n].purpose) for n in names)
    reads = "\n".join(f"read -rsp '{n}: ' {n} && echo && export {n}" for n in names)
    return Step("Secrets in the vault and in the installer's shell", Role.cloud, "the installer's workstation",
                "No password or key is in the design, on this site or in the downloads: every command that needs "
                "one reads an environment variable. Create these vault entries before you start, then load them "
                "into the shell you install from (the values are not echoed and stay out of the shell history). "
                "Variables do not follow you over ssh: a command that runs elsewhere says which ones that shell "
                "must hold ('in a shell holding …'); load them there the same way. Such a command refuses to run "
                "while one is missing (${NAME:?}), rather than setting an empty password.",
                table=Table(("Variable", "What it is"), rows),
                commands=(Command("the installer's workstation", reads),),
                checks=(Check("the installer's workstation",
                              f'for v in {shell_words(names)}; do [ -n "${{!v:-}}" ] || echo "missing: $v"; done',
                              "no output"),))


def build(ctx: RunbookContext, secret_names: list[str]) -> Phase:
    steps = [network_materials(ctx), storage_materials(ctx), server_materials(ctx), free_addresses(ctx),
             secrets(ctx, secret_names)]
    return Phase("preflight", TITLE, INTRO, tuple(s for s in steps if s is not None))
