"""Phase: system VM templates seeded into each zone's first secondary store."""

from __future__ import annotations

from ...escape import shell
from ...model import Hypervisor
from ..context import RunbookContext
from ..model import Check, Command, Phase, Role, Step

TITLE = "System VM templates"
INTRO = ("Since CloudStack 4.16 adding the first secondary store downloads the system VM templates by itself. "
         "Seeding them ahead, from the management server, makes enabling the zone independent of "
         "download.cloudstack.org and shows a broken store before the zone depends on it.")

SCRIPT = "/usr/share/cloudstack-common/scripts/storage/secondary/cloud-install-sys-tmplt"
BASE = "http://download.cloudstack.org/systemvm"
SUFFIX = {
    Hypervisor.kvm: ("kvm", "x86_64-kvm.qcow2.bz2"),
    Hypervisor.lxc: ("lxc", "x86_64-kvm.qcow2.bz2"),
    Hypervisor.xenserver: ("xenserver", "x86_64-xen.vhd.bz2"),
    Hypervisor.vmware: ("vmware", "x86_64-vmware.ova"),
    Hypervisor.hyperv: ("hyperv", "x86_64-hyperv.vhd.zip"),
}
MOUNT = "/mnt/secondary"


def build(ctx: RunbookContext) -> Phase:
    steps = []
    ms = ctx.active_servers[0] if ctx.active_servers else ctx.servers[0]
    where = f"{ms.name} ({ctx.ms_ip(ms)})"
    for zone_spec in ctx.export.spec.zones:
        store = next((s for s in zone_spec.image_stores if s.provider == "NFS" and s.url is not None), None)
        if store is None or store.url is None:
            continue
        url = store.url.literal or ""
        source = url.removeprefix("nfs://")
        host, _, path = source.partition("/")
        hypervisors = sorted({c.cluster.hypervisor for c in ctx.clusters if c.zone is zone_spec.source},
                             key=lambda h: h.value)
        seeds = [(SUFFIX[h][0], f"{BASE}/{ctx.version}/systemvmtemplate-{ctx.template_version}-{SUFFIX[h][1]}")
                 for h in hypervisors if h in SUFFIX]
        if not seeds:
            continue
        export = shell(f"{host}:/{path}")
        lines = [f"mkdir -p {MOUNT}", f"mount -t nfs {export} {MOUNT}"]
        lines += [f"{SCRIPT} -m {MOUNT} -u {shell(u)} -h {hv}" for hv, u in seeds]
        lines.append(f"umount {MOUNT}")
        probe = (f"mount -t nfs {export} {MOUNT} && ls {MOUNT}/template/tmpl/1/*/template.properties; "
                 f"umount {MOUNT}")
        steps.append(Step(f"Seed the system VM templates of zone {zone_spec.name}", Role.cloud, where,
                          f"Into secondary store {store.name} ({host}:/{path}). Each run needs about 5 GB of free "
                          "local disk and can take up to 30 minutes. The templates must match the CloudStack "
                          f"release: {ctx.template_version} for {ctx.version}.",
                          values=tuple((f"Template ({hv})", u) for hv, u in seeds),
                          commands=(Command(where, "\n".join(lines)),),
                          checks=(Check(ms.name, probe,
                                        f"{len(seeds)} template.properties file(s), one per hypervisor "
                                        f"({', '.join(hv for hv, _ in seeds)})"),)))
    return Phase("templates", TITLE, INTRO, tuple(steps))
