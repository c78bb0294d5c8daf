"""Phase: acceptance. The cloud works, proven by CloudStack's own checks, zone by zone."""

from __future__ import annotations

from ...escape import shell
from ...export.spec import ZoneSpec
from ...model import Hypervisor
from ..common import gb, span
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step

TITLE = "Acceptance: the cloud works"
INTRO = ("The installer's job ends here: every management server and host Up, system VMs healthy by CloudStack's "
         "own checks, templates Ready, a VM running on every cluster and reachable, a console open, the capacity "
         "as planned and, where the design is redundant, a failover survived. Run each zone's lookup first; the "
         "other commands use its id.")

STATION = "the installer's workstation"
SSVM_CHECK = "/usr/local/cloud/systemvm/ssvm-check.sh"
# Where each hypervisor's system VMs are reached from: KVM and XenServer over the link-local address
# from the host running them, VMware over the private address from a management server.
SYSVM_SSH = {
    Hypervisor.vmware: ("a management server", "ssh -i /var/lib/cloudstack/management/.ssh/id_rsa -p 3922 root@",
                        "privateip"),
}
LINK_LOCAL = ("the host running it", "ssh -i /root/.ssh/id_rsa.cloud -p 3922 root@", "linklocalip")


def _jq(api: str, key: str, fields: str, args: str = "") -> str:
    return f"cmk -o json {api}{' ' + args if args else ''} | jq -r '.{key}[] | \"{fields}\"'"


def management(ctx: RunbookContext) -> Step:
    active = ctx.active_servers
    checks = [Check(STATION, _jq("listManagementServers", "managementserver", "\\(.name) \\(.state)"),
                    "; ".join(f"{ctx.fqdn(ms)} Up" for ms in active)
                    + "".join(f"; {ctx.fqdn(ms)} absent or Down (standby)" for ms in ctx.servers if ms.standby))]
    return Step("Management servers Up", Role.cloud, STATION,
                "CloudStack lists every running management server with its state.", checks=tuple(checks))


def _zone_hosts(ctx: RunbookContext, zone: ZoneSpec) -> Step:
    hosts = [h for h in ctx.inventory.hosts if h.zone is zone.source]
    select = f"Z=$(cmk -o json listZones name={shell(zone.name)} | jq -r '.zone[0].id')"
    checks = [Check(STATION, _jq("listHosts", "host", "\\(.name) \\(.state) \\(.resourcestate)",
                                 'zoneid="$Z" type=Routing') + " | sort",
                    f"{len(hosts)} lines, {span(hosts)}: every one 'Up Enabled'")]
    kvm = [h for h in hosts if h.cluster.hypervisor is Hypervisor.kvm]
    if kvm:
        active = [ctx.ms_ip(ms) for ms in ctx.active_servers]
        checks.append(Check(f"each KVM host ({span(kvm)})",
                            "systemctl is-active cloudstack-agent\nss -tnH state established '( dport = :8250 )'",
                            "active, then one connection to port 8250 of " + " or ".join(active)
                            + " (the agent is connected), and libvirt listening on 16514"))
        if len(active) > 1:
            checks.append(Check(f"each KVM host ({span(kvm)})", "grep ^host= /etc/cloudstack/agent/agent.properties",
                                "host= followed by " + ", ".join(active) + " in any order, possibly ending "
                                "in @ and the load-balancing algorithm: the server list, not the load balancer"))
    return Step(f"Hosts of zone {zone.name} Up, agents connected", Role.cloud, STATION,
                "Run the zone lookup first; the checks of this zone use its id.",
                commands=(Command(STATION, select),), checks=tuple(checks))


def _system_vms(ctx: RunbookContext, zone: ZoneSpec) -> Step:
    hypervisors = sorted({c.cluster.hypervisor for c in ctx.clusters if c.zone is zone.source}, key=lambda h: h.value)
    where, ssh, field = SYSVM_SSH.get(hypervisors[0], LINK_LOCAL) if hypervisors else LINK_LOCAL
    stores = ", ".join(f"{s.url.literal}" for s in zone.image_stores if s.url is not None and s.url.literal)
    find = _jq("listSystemVms", "systemvm", f"\\(.name) \\(.hostname) \\(.{field})",
               'zoneid="$Z" systemvmtype=secondarystoragevm')
    checks = (
        Check(STATION, _jq("listSystemVms", "systemvm", "\\(.systemvmtype) \\(.state) \\(.agentstate)",
                           'zoneid="$Z"'),
              "consoleproxy Running Up and secondarystoragevm Running Up"),
        Check(f"{where} (the name after the VM's in the lookup above)",
              f"ADDR='<{field} from the lookup>'\n{ssh}\"$ADDR\" {SSVM_CHECK} | grep -e ERROR -e WARNING -e FAIL",
              "no output: DNS, the management server on 8250, the secondary store's mount and a write to it "
              "all pass CloudStack's own health check"),
        Check(f"{where}", f"ADDR='<{field} from the lookup>'\n{ssh}\"$ADDR\" 'mount -t nfs,nfs4'",
              f"the secondary store{'s' if ',' in stores else ''} {stores or '(object store: none mounted)'} "
              "mounted under /mnt/SecStorage"),
    )
    return Step(f"System VMs of zone {zone.name} healthy", Role.cloud, STATION,
                "Running is not enough: the secondary storage VM runs CloudStack's health check script over its "
                f"{'private' if field == 'privateip' else 'link-local'} address, and its mounts must be the "
                "zone's secondary stores.",
                commands=(Command(STATION, find, caption="Where the secondary storage VM runs"),), checks=checks)


def _templates(ctx: RunbookContext, zone: ZoneSpec) -> Step:
    hypervisors = sorted({c.cluster.hypervisor.value for c in ctx.clusters if c.zone is zone.source})
    return Step(f"Templates Ready in zone {zone.name}", Role.cloud, STATION,
                "The system VM template of each hypervisor, and a guest template to deploy the test VMs with: "
                "the built-in template CloudStack registers per hypervisor downloads on its own once the "
                "secondary storage VM runs.",
                checks=(Check(STATION, _jq("listTemplates", "template", "\\(.name) \\(.hypervisor) \\(.isready)",
                                           'templatefilter=system zoneid="$Z"'),
                              f"one system VM template {ctx.template_version} per hypervisor "
                              f"({', '.join(hypervisors)}), each true"),
                        Check(STATION, _jq("listTemplates", "template", "\\(.id) \\(.name) \\(.isready)",
                                           'templatefilter=featured zoneid="$Z"'),
                              "at least one guest template per hypervisor, true (isready)")))


def _test_vms(ctx: RunbookContext, zone: ZoneSpec) -> Step:
    clusters = [c for p in zone.pods for c in p.clusters]
    isolated = not zone.security_groups and not zone.basic and zone.networktype == "Advanced"
    lines = ["SO=$(cmk -o json listServiceOfferings name='Small Instance' | jq -r '.serviceoffering[0].id')",
             "T='<a ready guest template id from the check above, of the cluster hypervisor>'"]
    if isolated:
        lines += ["NO=$(cmk -o json listNetworkOfferings name=DefaultIsolatedNetworkOfferingWithSourceNatService "
                  "| jq -r '.networkoffering[0].id')",
                  'N=$(cmk -o json createNetwork zoneid="$Z" networkofferingid="$NO" '
                  f"name={shell('acceptance-' + zone.name)} "
                  f"displaytext=acceptance | jq -r '.network.id')"]
    else:
        lines.append('N=$(cmk -o json listNetworks zoneid="$Z" | jq -r \'.network[0].id\')')
    for c in clusters:
        lines.append(f"C=$(cmk -o json listClusters name={shell(c.name)} | jq -r '.cluster[0].id')")
        lines.append('cmk deployVirtualMachine zoneid="$Z" clusterid="$C" serviceofferingid="$SO" '
                     'templateid="$T" networkids="$N" name=' + shell('accept-' + c.name))
    pings = ("for ip in " + " ".join(shell(f"<address of accept-{c.name}>") for c in clusters)
             + '; do ping -c3 "$ip"; done') if len(clusters) > 1 else \
        "ping -c3 " + shell(f"<address of accept-{clusters[0].name if clusters else 'the VM'}>")
    reach = (("the network's virtual router, over its link-local address from its host "
              "(ssh -i /root/.ssh/id_rsa.cloud -p 3922 root@<router link-local>)",
              pings, "3 packets received from every test VM")
             if isolated else
             ("a machine on the zone's guest network, after an ingress rule for ICMP in the default security "
              "group" if zone.security_groups or zone.basic else "a machine on the shared network",
              pings, "3 packets received from every test VM"))
    checks = (
        Check(STATION, _jq("listVirtualMachines", "virtualmachine", "\\(.name) \\(.state) \\(.hostname) "
                           "\\(.nic[0].ipaddress)", 'zoneid="$Z" keyword=accept-'),
              f"{len(clusters)} VMs ({', '.join('accept-' + c.name for c in clusters)}), each Running on a host "
              "of its own cluster, with an address"),
        Check(reach[0], reach[1], reach[2]),
        Check(STATION, "VM=$(cmk -o json listVirtualMachines name="
              + shell("accept-" + (clusters[0].name if clusters else ""))
              + " | jq -r '.virtualmachine[0].id')\n"
              "url=$(cmk -o json createConsoleEndpoint virtualmachineid=\"$VM\" | jq -r '.consoleendpoint.url')\n"
              "curl -s -o /dev/null -w '%{http_code}\\n' \"$url\"",
              "200; opened in a browser, the same URL shows the VM's console over the console proxy's domain"),
        Check(STATION, "for v in $(cmk -o json listVirtualMachines keyword=accept- | jq -r '.virtualmachine[].id'); "
                       'do cmk destroyVirtualMachine id="$v" expunge=true; done',
              "every test VM destroyed once the checks pass (keep them while you investigate a failure)"),
    )
    return Step(f"A test VM on every cluster of zone {zone.name}", Role.cloud, STATION,
                "One small VM per cluster, each placed on its cluster, reachable as its network type allows, "
                "and a console session through the console proxy.",
                commands=(Command(STATION, "\n".join(lines)),), checks=checks)


def _capacity(ctx: RunbookContext, zone: ZoneSpec) -> Step:
    hosts = [h for h in ctx.inventory.hosts if h.zone is zone.source]
    ram = sum(h.profile.ram_gb for h in hosts if h.profile)
    primary = sum(p.source.size.bytes for pod in zone.pods for c in pod.clusters for p in c.pools if p.source.size)
    primary += sum(p.source.size.bytes for p in zone.zone_pools if p.source.size)
    secondary = sum(s.source.size.bytes for s in zone.image_stores if s.source.size)
    pools = [p.name for pod in zone.pods for c in pod.clusters for p in c.pools] + [p.name for p in zone.zone_pools]
    probe = ("cmk -o json listCapacity zoneid=\"$Z\" fetchlatest=true | jq -r '.capacity[] | select(.type == 0 or "
             ".type == 2 or .type == 6) | \"\\(.type) \\(.capacitytotal)\"'")
    checks = [
        Check(STATION, _jq("listStoragePools", "storagepool", "\\(.name) \\(.state)", 'zoneid="$Z"'),
              ", ".join(pools) + ": Up" if pools else "no pools (local storage)"),
        Check(STATION, probe,
              f"type 0 (memory) close to {ram} GB ({ram * 2**30} bytes), a little less as hosts keep some; "
              f"type 2 (primary storage) close to {gb(primary)}; type 6 (secondary storage) close to "
              f"{gb(secondary)}" if primary and secondary else
              f"type 0 (memory) close to {ram} GB ({ram * 2**30} bytes); storage as the pools report"),
    ]
    return Step(f"Capacity of zone {zone.name} as planned", Role.cloud, STATION,
                "What CloudStack counts is what the design planned: memory of the hosts, primary and secondary "
                "storage (types 0, 2 and 6 of listCapacity).", checks=tuple(checks))


def failover(ctx: RunbookContext) -> Step | None:
    active = ctx.active_servers
    if len(active) < 2:
        return None
    first, rest = active[0], active[1:]
    vip = ctx.address_plan.vip(ctx.design.management.load_balancer)
    endpoint = str(vip) if vip is not None else ctx.ms_ip(rest[0])
    hosts = ctx.inventory.hosts
    checks = (
        Check(STATION, _jq("listManagementServers", "managementserver", "\\(.name) \\(.state)"),
              f"{ctx.fqdn(first)} Down; " + ", ".join(f"{ctx.fqdn(ms)} Up" for ms in rest)),
        Check(STATION, f"curl -s -o /dev/null -w '%{{http_code}}\\n' http://{endpoint}:8080/client/",
              "200: the VIP still answers, from the remaining servers"),
        Check(STATION, "sleep 300; " + _jq("listHosts", "host", "\\(.state)", "type=Routing") + " | sort | uniq -c",
              f"{len(hosts)} Up: every host has reconnected to another server of its list"),
        Check(first.name, "systemctl start cloudstack-management; sleep 180; systemctl is-active cloudstack-management",
              f"active, and {ctx.fqdn(first)} Up again in listManagementServers"),
    )
    return Step("Failover drill", Role.cloud, f"{first.name}, then the installer's workstation",
                f"Stop {first.name}: the API stays up behind the VIP and the hosts its agents were connected to "
                "reconnect to another management server within a few minutes. Then start it again.",
                commands=(Command(first.name, "systemctl stop cloudstack-management"),), checks=checks)


def build(ctx: RunbookContext) -> Phase:
    steps: list[Step] = [management(ctx)]
    for zone in ctx.export.spec.zones:
        steps += [_zone_hosts(ctx, zone), _system_vms(ctx, zone), _templates(ctx, zone), _test_vms(ctx, zone),
                  _capacity(ctx, zone)]
    drill = failover(ctx)
    if drill is not None:
        steps.append(drill)
    return Phase("acceptance", TITLE, INTRO, tuple(steps))
