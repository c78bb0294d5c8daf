"""What each hypervisor supports, as CloudStack's documentation tables state it (seed 003).

Kept as data so a rule reads "is this combination supported" and the message can quote why.
"""

from __future__ import annotations

from ..model import HostOs, Hypervisor, PrimaryProtocol

H = Hypervisor
P = PrimaryProtocol

# Seed 003, feature table, "Security groups in zones that use basic networking":
# XenServer Yes, vSphere No, KVM Yes, LXC Yes, HyperV ?, Bare Metal No.
SECURITY_GROUPS: dict[Hypervisor, bool | None] = {
    H.xenserver: True, H.vmware: False, H.kvm: True, H.lxc: True, H.hyperv: None, H.baremetal: False,
}

# Seed 003, "Hypervisor Support for Primary Storage" (plus local disk from the feature table).
# Each protocol a hypervisor can use; RBD is KVM's Ceph client (field mistake #19 is about KVM RBD pools).
PRIMARY_PROTOCOLS: dict[Hypervisor, frozenset[PrimaryProtocol]] = {
    H.xenserver: frozenset({P.nfs, P.iscsi, P.fc, P.presetup, P.local}),
    H.vmware: frozenset({P.nfs, P.iscsi, P.fc, P.presetup, P.local}),
    H.kvm: frozenset({P.nfs, P.sharedmountpoint, P.rbd, P.local}),
    H.lxc: frozenset({P.nfs, P.sharedmountpoint, P.local}),
    H.hyperv: frozenset({P.smb, P.local}),
    H.baremetal: frozenset(),
}

# Why a combination is refused, where the table says more than "No".
PRIMARY_HINTS: dict[tuple[Hypervisor, PrimaryProtocol], str] = {
    (H.kvm, P.iscsi): "KVM uses iSCSI only through a clustered file system on a shared mount point: "
                      "use protocol sharedmountpoint",
    (H.kvm, P.fc): "KVM uses Fibre Channel only through a shared mount point: use protocol sharedmountpoint",
    (H.lxc, P.iscsi): "LXC uses iSCSI only through a shared mount point: use protocol sharedmountpoint",
    (H.lxc, P.fc): "LXC uses Fibre Channel only through a shared mount point: use protocol sharedmountpoint",
}

# Install facts §5-7: host operating systems per hypervisor.
HOST_OS: dict[Hypervisor, frozenset[HostOs]] = {
    H.kvm: frozenset({HostOs.ubuntu_22_04, HostOs.ubuntu_24_04, HostOs.el8, HostOs.el9}),
    H.lxc: frozenset({HostOs.ubuntu_22_04, HostOs.ubuntu_24_04, HostOs.el8, HostOs.el9}),
    H.xenserver: frozenset({HostOs.xenserver_8, HostOs.xcp_ng_8}),
    H.vmware: frozenset({HostOs.esxi_7, HostOs.esxi_8}),
    H.hyperv: frozenset({HostOs.windows_2019}),
    H.baremetal: frozenset(HostOs),
}

# CloudStack createStoragePool: zone-wide pools only for KVM, VMware, Hyperv, LXC, Any (not XenServer).
ZONE_WIDE_HYPERVISORS = ("kvm", "vmware", "hyperv", "lxc", "any")
