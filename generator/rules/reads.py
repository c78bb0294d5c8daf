"""The design fields each rule reads (Class.field of generator/model/): the Guide's field reference
lists, for every field, the rules that read it. Kept up to date by tools/rule_reads.py, which
finds them by running every rule over every design; tests/rules/test_reads.py checks it."""

from __future__ import annotations

READS: dict[str, tuple[str, ...]] = {
    "ADDRESS-DUPLICATE": (
        "Attachment.address", "Attachment.network", "CephCluster.monitors", "CephMonitor.address",
        "CephMonitor.name", "Database.primary", "Database.replica", "DatabaseServer.address", "DatabaseServer.name",
        "DatabaseServer.network", "Design.ceph_clusters", "Design.firewalls", "Design.management",
        "Design.networks", "Design.storage_servers", "Design.switches", "Firewall.interfaces", "Firewall.name",
        "HostEntry.addresses", "LoadBalancer.addresses", "LoadBalancer.names", "LoadBalancer.network",
        "LoadBalancer.vip", "Management.database", "Management.load_balancer", "Management.servers",
        "ManagementServer.address", "ManagementServer.name", "ManagementServer.network", "Network.cidr",
        "Network.gateway", "StorageServer.interfaces", "StorageServer.name", "Switch.management", "Switch.name",
    ),
    "ADDRESS-IN-RANGE": (
        "Attachment.address", "Attachment.network", "CephCluster.monitors", "CephMonitor.address", "CephMonitor.name",
        "Database.primary", "Database.replica", "DatabaseServer.address", "DatabaseServer.name",
        "DatabaseServer.network", "Design.ceph_clusters", "Design.firewalls", "Design.management", "Design.networks",
        "Design.regions", "Design.storage_servers", "Design.switches", "Firewall.interfaces", "Firewall.name",
        "GuestRange.network", "GuestRange.range", "HostEntry.addresses", "LoadBalancer.addresses",
        "LoadBalancer.names", "LoadBalancer.network", "LoadBalancer.vip", "Management.database",
        "Management.load_balancer", "Management.servers", "ManagementServer.address", "ManagementServer.name",
        "ManagementServer.network", "Network.cidr", "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.name",
        "Pod.storage", "PodManagement.network", "PodManagement.system_range", "PodStorage.network",
        "PodStorage.range", "PublicRange.network", "PublicRange.range", "Region.zones", "SharedNetwork.name",
        "SharedNetwork.network", "SharedNetwork.range", "StorageServer.interfaces", "StorageServer.name",
        "Switch.management", "Switch.name", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "ADDRESS-OUTSIDE-NETWORK": (
        "Attachment.address", "Attachment.network", "CephCluster.monitors", "CephMonitor.address",
        "CephMonitor.name", "Database.primary", "Database.replica", "DatabaseServer.address", "DatabaseServer.name",
        "DatabaseServer.network", "Design.ceph_clusters", "Design.firewalls", "Design.management",
        "Design.networks", "Design.storage_servers", "Design.switches", "Firewall.interfaces", "Firewall.name",
        "HostEntry.addresses", "LoadBalancer.addresses", "LoadBalancer.names", "LoadBalancer.network",
        "LoadBalancer.vip", "Management.database", "Management.load_balancer", "Management.servers",
        "ManagementServer.address", "ManagementServer.name", "ManagementServer.network", "Network.cidr",
        "Network.gateway", "StorageServer.interfaces", "StorageServer.name", "Switch.management", "Switch.name",
    ),
    "ADDRESS-REF-IN-RANGE": (
        "Cluster.name", "Cluster.vcenter", "Design.regions", "Dns.internal", "Dns.public", "GuestRange.network",
        "GuestRange.range", "Pod.clusters", "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.storage",
        "PodManagement.network", "PodManagement.system_range", "PodStorage.network", "PodStorage.range",
        "PublicRange.network", "PublicRange.range", "Region.zones", "SharedNetwork.name", "SharedNetwork.network",
        "SharedNetwork.range", "VCenter.address", "Zone.dns", "Zone.pods", "Zone.public_ranges",
        "Zone.shared_networks",
    ),
    "ADVANCED-POD-GUEST-RANGES": (
        "Design.regions", "Pod.guest_ranges", "Pod.id", "Region.zones", "Zone.networking", "Zone.pods",
    ),
    "BASIC-ADVANCED-ONLY": (
        "Design.regions", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.name", "Region.zones", "Zone.name",
        "Zone.networking", "Zone.physical_networks", "Zone.shared_networks",
    ),
    "BASIC-GUEST-CIDR": (
        "Design.regions", "Region.zones", "Zone.guest_cidr", "Zone.name", "Zone.networking",
    ),
    "BASIC-GUEST-IP-OVERLAP": (
        "Design.regions", "GuestRange.network", "GuestRange.range", "Pod.guest_ranges", "Pod.id", "Pod.management",
        "Pod.storage", "PodManagement.network", "PodManagement.system_range", "PodStorage.network",
        "PodStorage.range", "PublicRange.network", "PublicRange.range", "Region.zones", "SharedNetwork.name",
        "SharedNetwork.network", "SharedNetwork.range", "Zone.networking", "Zone.pods", "Zone.public_ranges",
        "Zone.shared_networks",
    ),
    "BASIC-GUEST-RANGES-MISSING": (
        "Design.regions", "Pod.guest_ranges", "Pod.id", "Pod.name", "Region.zones", "Zone.name", "Zone.networking",
        "Zone.pods",
    ),
    "BASIC-ONE-PNET": (
        "Design.regions", "PhysicalNetwork.name", "Region.zones", "Zone.name", "Zone.networking",
        "Zone.physical_networks",
    ),
    "BASIC-POD-ONE-VLAN": (
        "Design.networks", "Design.regions", "GuestRange.network", "Network.untagged", "Network.vlan",
        "Pod.guest_ranges", "Pod.id", "Region.zones", "Zone.networking", "Zone.pods",
    ),
    "BOND-MIXED-SPEED": (
        "Bond.members", "Bond.mode", "Design.host_profiles", "HostProfile.bonds", "HostProfile.nics", "Nic.name",
        "Nic.speed",
    ),
    "CAPACITY-DB-CONNECTIONS": (
        "Database.max_connections", "Database.replica", "Design.management", "Management.database",
        "Management.servers", "ManagementServer.name", "ManagementServer.standby",
    ),
    "CAPACITY-GUEST-ADDRESSES": (
        "Cluster.planned_vms", "Design.regions", "GuestRange.range", "Pod.clusters", "Pod.guest_ranges", "Pod.id",
        "Region.zones", "Zone.networking", "Zone.pods",
    ),
    "CAPACITY-GUEST-VLANS": (
        "Design.regions", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.guest_vnis", "PhysicalNetwork.isolation",
        "PhysicalNetwork.name", "Region.zones", "Zone.guest_network_kinds", "Zone.name", "Zone.networking",
        "Zone.physical_networks", "Zone.planned_routers",
    ),
    "CAPACITY-HOST-FAILURE": (
        "Cluster.name", "Cluster.planned_vms", "Deployment.redundant", "Design.deployment", "Design.regions",
        "HostProfile.max_vms", "Pod.clusters", "Pod.id", "Pod.name", "Region.zones", "Zone.pods",
    ),
    "CEPH-CLUSTER-UNKNOWN": (
        "CephCluster.name", "CephCluster.pools", "Cluster.primary_storage", "Design.ceph_clusters",
        "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.ceph", "PrimaryStorage.path",
        "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "CEPH-MONITOR-UNREACHABLE": (
        "CephCluster.monitors", "CephCluster.name", "CephMonitor.address", "Cluster.primary_storage",
        "Design.ceph_clusters", "Design.networks", "Design.regions", "Network.cidr", "Pod.clusters", "Pod.id",
        "Pod.management", "Pod.primary_storage_networks", "Pod.vtep_network", "PodManagement.network",
        "PrimaryStorage.ceph", "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "CEPH-MONITORS-FEW": (
        "CephCluster.monitors", "CephMonitor.address", "Design.ceph_clusters",
    ),
    "CLUSTER-HYPERVISOR-MISMATCH": (
        "Cluster.hypervisor", "HostProfile.hypervisor",
    ),
    "CLUSTER-MIXED-CPU": (
        "Cluster.hypervisor", "Cluster.live_migration", "Cluster.primary_storage", "Design.regions",
        "HostProfile.cpu_model", "Pod.clusters", "Pod.id", "PrimaryStorage.hypervisor", "PrimaryStorage.protocol",
        "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "CLUSTER-MIXED-OS": (
        "Cluster.hypervisor", "Design.regions", "HostProfile.os", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "CLUSTER-NO-PRIMARY-STORAGE": (
        "Cluster.hypervisor", "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id",
        "PrimaryStorage.hypervisor", "Region.zones", "Zone.local_storage", "Zone.pods", "Zone.primary_storage",
    ),
    "CLUSTER-SINGLE-HOST-HA": (
        "Cluster.ha", "Cluster.hypervisor", "Cluster.name", "Cluster.primary_storage", "Design.regions",
        "Pod.clusters", "Pod.id", "Pod.name", "PrimaryStorage.hypervisor", "PrimaryStorage.protocol",
        "Region.zones", "Zone.local_storage", "Zone.pods", "Zone.primary_storage",
    ),
    "CLUSTER-VCENTER": (
        "Cluster.hypervisor", "Cluster.vcenter", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "DB-MARIADB-OLD": (
        "Database.engine", "Design.management", "Management.database",
    ),
    "DB-REPLICA-SAME-SITE": (
        "Database.primary", "Database.replica", "DatabaseServer.site", "Design.management", "Management.database",
        "Management.servers", "ManagementServer.standby",
    ),
    "DEVICE-ID-DUPLICATE": (
        "Design.firewalls", "Design.management", "Design.storage_servers", "Design.switches", "Firewall.id",
        "Management.servers", "ManagementServer.id", "StorageServer.id", "Switch.id",
    ),
    "GUEST-CIDR-OVERLAP": (
        "Design.networks", "Design.regions", "Network.cidr", "Region.zones", "Zone.guest_cidr",
    ),
    "GUEST-PNET-MIXED-ISOLATION": (
        "Design.regions", "PhysicalNetwork.isolation", "PhysicalNetwork.traffic", "Region.zones", "Traffic.type",
        "Zone.physical_networks",
    ),
    "GUEST-PNET-UNTAGGED": (
        "Design.regions", "PhysicalNetwork.tags", "PhysicalNetwork.traffic", "Region.zones", "Traffic.type",
        "Zone.physical_networks",
    ),
    "GUEST-VLAN-DEFAULT": (
        "Design.regions", "PhysicalNetwork.guest_vlans", "Region.zones", "Zone.physical_networks",
    ),
    "GUEST-VLAN-OVERLAP": (
        "Design.networks", "Design.regions", "GuestRange.network", "Network.site", "Network.vlan",
        "PhysicalNetwork.guest_vlans", "PhysicalNetwork.name", "Pod.guest_ranges", "Pod.id", "Pod.management",
        "Pod.name", "Pod.primary_storage_networks", "Pod.storage", "PodManagement.network", "PodStorage.network",
        "PublicRange.network", "Region.zones", "SharedNetwork.name", "SharedNetwork.network", "Zone.name",
        "Zone.physical_networks", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks", "Zone.site",
    ),
    "HOST-NAME-INVALID": (
        "Design.management", "Design.storage_servers", "Management.servers", "ManagementServer.name",
        "StorageServer.name",
    ),
    "ISCSI-MULTIPATH-NETWORKS": (
        "Cluster.hypervisor", "Cluster.name", "Cluster.primary_storage", "Design.networks", "Design.regions",
        "HostProfile.primary_storage_interfaces", "Network.cidr", "Network.gateway", "Pod.clusters", "Pod.id",
        "Pod.name", "Pod.primary_storage_networks", "PrimaryStorage.hypervisor", "PrimaryStorage.multipath",
        "PrimaryStorage.name", "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "ISCSI-PATH-FORMAT": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.path",
        "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "ISOLATION-GRE": (
        "Design.regions", "PhysicalNetwork.isolation", "Region.zones", "Zone.physical_networks",
    ),
    "KVM-BRIDGE-MEMBER-NAME": (
        "Cluster.hypervisor", "Design.regions", "PhysicalNetwork.interface", "Pod.clusters", "Pod.id",
        "Region.zones", "Zone.physical_networks", "Zone.pods",
    ),
    "KVM-BRIDGE-NAME-LENGTH": (
        "Cluster.hypervisor", "Design.networks", "Design.regions", "Network.untagged", "Network.vlan",
        "PhysicalNetwork.guest_vlans", "PhysicalNetwork.interface", "PhysicalNetwork.isolation",
        "PhysicalNetwork.name", "PhysicalNetwork.traffic", "Pod.clusters", "Pod.id", "Pod.storage",
        "PodStorage.network", "PublicRange.network", "Region.zones", "SharedNetwork.network", "Traffic.labels",
        "Traffic.type", "Zone.name", "Zone.physical_networks", "Zone.pods", "Zone.public_ranges",
        "Zone.shared_networks",
    ),
    "KVM-HA-NO-NFS": (
        "Cluster.ha", "Cluster.hypervisor", "Cluster.name", "Cluster.primary_storage", "Design.regions",
        "Pod.clusters", "Pod.id", "Pod.name", "PrimaryStorage.hypervisor", "PrimaryStorage.protocol",
        "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "KVM-MANAGEMENT-VLAN-BRIDGE": (
        "Cluster.hypervisor", "Design.networks", "Design.regions", "Network.untagged", "Network.vlan",
        "PhysicalNetwork.traffic", "Pod.clusters", "Pod.id", "Pod.management", "PodManagement.network",
        "Region.zones", "Traffic.labels", "Traffic.type", "Zone.physical_networks", "Zone.pods",
    ),
    "LABEL-MISSING": (
        "Cluster.hypervisor", "Design.regions", "PhysicalNetwork.interface", "PhysicalNetwork.name",
        "PhysicalNetwork.traffic", "Pod.clusters", "Pod.id", "Region.zones", "Traffic.labels", "Traffic.type",
        "Zone.name", "Zone.physical_networks", "Zone.pods",
    ),
    "LABEL-NOT-ON-HOST": (
        "Cluster.hypervisor", "Design.regions", "HostProfile.host_switches", "HostSwitch.kind", "HostSwitch.name",
        "HostSwitch.uplink", "PhysicalNetwork.interface", "PhysicalNetwork.name", "PhysicalNetwork.traffic",
        "Pod.clusters", "Region.zones", "Traffic.labels", "Traffic.type", "Zone.name", "Zone.physical_networks",
        "Zone.pods",
    ),
    "LABEL-REUSED-ACROSS-INTERFACES": (
        "Cluster.hypervisor", "Design.regions", "PhysicalNetwork.interface", "PhysicalNetwork.traffic",
        "Pod.clusters", "Pod.id", "Region.zones", "Traffic.labels", "Zone.physical_networks", "Zone.pods",
    ),
    "LABEL-SPLIT-ON-INTERFACE": (
        "Cluster.hypervisor", "Design.regions", "PhysicalNetwork.interface", "PhysicalNetwork.traffic",
        "Pod.clusters", "Pod.id", "Region.zones", "Traffic.labels", "Zone.physical_networks", "Zone.pods",
    ),
    "MGMT-AGENT-LB-ALGORITHM": (
        "Design.management", "Design.settings", "Management.agent_lb_algorithm",
    ),
    "MGMT-AGENTS-VIA-LB": (
        "Design.management", "Design.settings", "LoadBalancer.vip", "Management.load_balancer",
        "Management.servers",
    ),
    "MGMT-NO-LOAD-BALANCER": (
        "Design.management", "Management.load_balancer", "Management.servers", "ManagementServer.name",
    ),
    "MGMT-SERVER-OS": (
        "Design.management", "Management.servers", "ManagementServer.os",
    ),
    "MGMT-STANDBY-NO-REPLICA": (
        "Database.replica", "Design.management", "Management.database", "Management.servers",
        "ManagementServer.standby",
    ),
    "NAME-DUPLICATE": (
        "Cluster.hosts", "Cluster.name", "Cluster.primary_storage", "Database.primary", "Database.replica",
        "DatabaseServer.name", "Design.firewalls", "Design.management", "Design.regions", "Design.sites",
        "Design.storage_servers", "Design.switches", "Firewall.name", "HostEntry.count", "HostEntry.id",
        "HostEntry.name", "LoadBalancer.names", "Management.database", "Management.load_balancer",
        "Management.servers", "ManagementServer.name", "PhysicalNetwork.name", "Pod.clusters", "Pod.id", "Pod.name",
        "PrimaryStorage.name", "Region.zones", "SecondaryStorage.name", "Site.name", "StorageServer.name",
        "Switch.name", "Zone.name", "Zone.physical_networks", "Zone.pods", "Zone.primary_storage",
        "Zone.secondary_storage",
    ),
    "NET-CIDR-OVERLAP": (
        "Design.networks", "Design.regions", "Network.cidr", "Pod.id", "Pod.management", "PodManagement.network",
        "Region.zones", "Zone.pods",
    ),
    "NET-GATEWAY-OUTSIDE": (
        "Design.networks", "Network.cidr", "Network.gateway",
    ),
    "NET-LINK-LOCAL": (
        "Design.networks", "Design.regions", "Network.cidr", "Region.zones", "Zone.guest_cidr",
    ),
    "NFS-EXPORT-CLIENTS": (
        "Attachment.network", "Cluster.name", "Cluster.primary_storage", "Design.management", "Design.networks",
        "Design.regions", "Design.storage_servers", "Management.servers", "ManagementServer.name",
        "ManagementServer.network", "Network.cidr", "NfsExport.clients", "NfsExport.path", "Pod.clusters", "Pod.id",
        "Pod.management", "Pod.name", "Pod.primary_storage_networks", "Pod.storage", "PodManagement.network",
        "PodStorage.network", "PrimaryStorage.name", "PrimaryStorage.path", "PrimaryStorage.protocol",
        "PrimaryStorage.server", "Region.zones", "SecondaryStorage.name", "SecondaryStorage.path",
        "SecondaryStorage.protocol", "SecondaryStorage.server", "SecondaryStorage.staging", "StorageServer.exports",
        "StorageServer.interfaces", "StorageServer.name", "Zone.name", "Zone.pods", "Zone.primary_storage",
        "Zone.secondary_storage",
    ),
    "NFS-EXPORT-MISSING": (
        "Attachment.network", "Cluster.name", "Cluster.primary_storage", "Design.management", "Design.regions",
        "Design.storage_servers", "Management.servers", "ManagementServer.name", "ManagementServer.network",
        "NfsExport.path", "Pod.clusters", "Pod.id", "Pod.management", "Pod.name", "Pod.primary_storage_networks",
        "Pod.storage", "PodManagement.network", "PodStorage.network", "PrimaryStorage.name", "PrimaryStorage.path",
        "PrimaryStorage.protocol", "PrimaryStorage.server", "Region.zones", "SecondaryStorage.name",
        "SecondaryStorage.path", "SecondaryStorage.protocol", "SecondaryStorage.server", "SecondaryStorage.staging",
        "StorageServer.exports", "StorageServer.interfaces", "StorageServer.name", "Zone.name", "Zone.pods",
        "Zone.primary_storage", "Zone.secondary_storage",
    ),
    "NFS-PATH-FORMAT": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.name",
        "PrimaryStorage.path", "PrimaryStorage.protocol", "Region.zones", "SecondaryStorage.name",
        "SecondaryStorage.path", "SecondaryStorage.protocol", "Zone.pods", "Zone.primary_storage",
        "Zone.secondary_storage",
    ),
    "PNET-ONE-TAG": (
        "Design.regions", "PhysicalNetwork.tags", "Region.zones", "Zone.physical_networks",
    ),
    "POD-CIDR-OVERLAP": (
        "Design.networks", "Design.regions", "Design.settings", "Network.cidr", "Pod.id", "Pod.management",
        "Pod.name", "PodManagement.network", "Region.name", "Region.zones", "Zone.name", "Zone.pods",
    ),
    "POD-SYSTEM-RANGE-SMALL": (
        "Cluster.hypervisor", "Design.regions", "Pod.clusters", "Pod.id", "Pod.management",
        "PodManagement.system_range", "Region.zones", "Zone.planned_routers", "Zone.pods",
    ),
    "PRIMARY-DUPLICATE-EXPORT": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.name",
        "PrimaryStorage.path", "PrimaryStorage.protocol", "PrimaryStorage.server", "Region.zones", "Zone.name",
        "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-INTERFACES-COUNT": (
        "Design.regions", "HostProfile.primary_storage_interfaces", "Pod.id", "Pod.name",
        "Pod.primary_storage_networks", "Region.zones", "Zone.pods",
    ),
    "PRIMARY-LOCAL-DISABLED": (
        "Cluster.name", "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id",
        "PrimaryStorage.name", "PrimaryStorage.protocol", "Region.zones", "Zone.local_storage", "Zone.name",
        "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-LOCAL-HA": (
        "Cluster.ha", "Cluster.hypervisor", "Cluster.live_migration", "Cluster.primary_storage", "Design.regions",
        "Pod.clusters", "Pod.id", "PrimaryStorage.hypervisor", "PrimaryStorage.protocol", "Region.zones",
        "Zone.local_storage", "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-NET-OVERLAPS-MANAGEMENT": (
        "Design.networks", "Design.regions", "Network.cidr", "Pod.id", "Pod.management", "Pod.name",
        "Pod.primary_storage_networks", "PodManagement.network", "Region.zones", "Zone.pods",
    ),
    "PRIMARY-ON-MANAGEMENT-OR-HOST": (
        "Attachment.address", "Attachment.network", "CephCluster.monitors", "CephMonitor.address",
        "CephMonitor.name", "Cluster.primary_storage", "Database.primary", "Database.replica",
        "DatabaseServer.address", "DatabaseServer.name", "DatabaseServer.network", "Design.ceph_clusters",
        "Design.firewalls", "Design.management", "Design.networks", "Design.regions", "Design.storage_servers",
        "Design.switches", "Firewall.interfaces", "Firewall.name", "HostEntry.addresses", "LoadBalancer.addresses",
        "LoadBalancer.names", "LoadBalancer.network", "LoadBalancer.vip", "Management.database",
        "Management.load_balancer", "Management.servers", "ManagementServer.address", "ManagementServer.name",
        "ManagementServer.network", "Network.cidr", "Pod.clusters", "Pod.id", "PrimaryStorage.server",
        "Region.zones", "StorageServer.interfaces", "StorageServer.name", "Switch.management", "Switch.name",
        "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-PROTOCOL-HYPERVISOR": (
        "Cluster.hypervisor", "Cluster.name", "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id",
        "PrimaryStorage.hypervisor", "PrimaryStorage.name", "PrimaryStorage.protocol", "Region.zones", "Zone.pods",
        "Zone.primary_storage",
    ),
    "PRIMARY-SERVER-MISSING": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.ceph",
        "PrimaryStorage.protocol", "PrimaryStorage.server", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-SERVER-OUTSIDE-NETWORK": (
        "Attachment.network", "Cluster.hypervisor", "Cluster.name", "Cluster.primary_storage", "Design.regions",
        "Design.storage_servers", "Pod.clusters", "Pod.id", "Pod.name", "Pod.primary_storage_networks",
        "PrimaryStorage.hypervisor", "PrimaryStorage.multipath", "PrimaryStorage.name", "PrimaryStorage.server",
        "Region.zones", "StorageServer.interfaces", "StorageServer.name", "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-SERVER-ROLE": (
        "Cluster.primary_storage", "Design.regions", "Design.storage_servers", "Pod.clusters", "Pod.id",
        "PrimaryStorage.protocol", "PrimaryStorage.server", "Region.zones", "StorageServer.name",
        "StorageServer.role", "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-TOO-LARGE": (
        "Cluster.name", "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id",
        "PrimaryStorage.name", "PrimaryStorage.protocol", "PrimaryStorage.size", "Region.zones", "Zone.pods",
        "Zone.primary_storage",
    ),
    "PRIMARY-VIA-STORAGE-TRAFFIC": (
        "Attachment.network", "Cluster.name", "Cluster.primary_storage", "Design.regions", "Design.storage_servers",
        "Pod.clusters", "Pod.id", "Pod.management", "Pod.primary_storage_networks", "Pod.storage",
        "PodManagement.network", "PodStorage.network", "PrimaryStorage.server", "Region.zones",
        "StorageServer.interfaces", "StorageServer.name", "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-ZONE-HYPERVISOR": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.hypervisor",
        "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-ZONE-WIDE-XENSERVER": (
        "Design.regions", "PrimaryStorage.hypervisor", "PrimaryStorage.name", "Region.zones", "Zone.name",
        "Zone.primary_storage",
    ),
    "PROFILE-OS-HYPERVISOR": (
        "Design.host_profiles", "HostProfile.hypervisor", "HostProfile.os",
    ),
    "PUBLIC-POOL-SMALL": (
        "Design.regions", "PublicRange.range", "Region.zones", "Zone.name", "Zone.networking",
        "Zone.planned_routers", "Zone.public_ranges", "Zone.security_groups",
    ),
    "PUBLIC-RANGES-MISSING": (
        "Design.regions", "Region.zones", "Zone.networking", "Zone.public_ranges", "Zone.security_groups",
    ),
    "PUBLIC-RANGES-NOT-ALLOWED": (
        "Design.regions", "Region.zones", "Zone.name", "Zone.networking", "Zone.public_ranges",
        "Zone.security_groups",
    ),
    "PUBLIC-TRAFFIC-MISSING": (
        "Design.regions", "PhysicalNetwork.traffic", "Region.zones", "Traffic.type", "Zone.networking",
        "Zone.physical_networks", "Zone.security_groups",
    ),
    "RACK-DOES-NOT-FIT": (
        "Database.primary", "Database.replica", "DatabaseServer.name", "DatabaseServer.position",
        "DatabaseServer.power_watts", "DatabaseServer.rack", "DatabaseServer.rack_units", "DatabaseServer.site",
        "Design.management", "Design.racks", "Design.storage_servers", "Design.switches", "HostEntry.id",
        "HostEntry.position", "HostEntry.rack", "HostProfile.power_watts", "HostProfile.rack_units",
        "Management.database", "Management.servers", "ManagementServer.name", "ManagementServer.position",
        "ManagementServer.power_watts", "ManagementServer.rack", "ManagementServer.rack_units",
        "ManagementServer.site", "Pod.name", "Rack.height", "Rack.name", "Rack.pod", "Rack.power_budget_watts",
        "Rack.site", "StorageServer.name", "StorageServer.position", "StorageServer.power_watts",
        "StorageServer.rack", "StorageServer.rack_units", "StorageServer.role", "StorageServer.site",
        "Switch.model", "Switch.name", "Switch.platform", "Switch.position", "Switch.power_watts", "Switch.rack",
        "Switch.rack_units", "Switch.site", "Zone.site",
    ),
    # declared by hand: tools/rule_reads.py sees no read through the placement
    "RACK-OVERLAP": (
         "Design.racks", "Design.storage_servers", "Design.switches", "HostEntry.position", "HostEntry.rack",
         "Rack.height", "Rack.name", "StorageServer.position", "StorageServer.rack", "Switch.position",
         "Switch.rack",
    ),
    # by hand
    "RACK-POWER-OVER-BUDGET": (
         "Design.racks", "HostEntry.rack", "HostProfile.power_watts", "Rack.name", "Rack.power_budget_watts",
         "StorageServer.power_watts", "Switch.power_watts",
    ),
    "RACK-REFERENCE": (
        "Database.primary", "Database.replica", "DatabaseServer.name", "DatabaseServer.rack", "Design.management",
        "Design.racks", "Design.regions", "Design.sites", "Design.storage_servers", "Design.switches",
        "HostEntry.name", "HostEntry.rack", "Management.database", "Management.servers", "ManagementServer.name",
        "ManagementServer.rack", "Pod.name", "Rack.name", "Rack.pod", "Rack.site", "Region.zones", "Site.name",
        "StorageServer.name", "StorageServer.rack", "Switch.name", "Switch.rack", "Zone.pods",
    ),
    # by hand
    "RACK-SITE": (
         "Design.racks", "Rack.name", "Rack.site", "StorageServer.site", "Switch.site",
    ),
    "RANGE-NETWORK-NO-GATEWAY": (
        "Design.networks", "Design.regions", "GuestRange.network", "GuestRange.range", "Network.gateway",
        "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.storage", "PodManagement.network",
        "PodManagement.system_range", "PodStorage.network", "PodStorage.range", "PublicRange.network",
        "PublicRange.range", "Region.zones", "SharedNetwork.name", "SharedNetwork.network", "SharedNetwork.range",
        "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RANGE-OUTSIDE-NETWORK": (
        "Design.networks", "Design.regions", "GuestRange.network", "GuestRange.range", "Network.cidr",
        "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.storage", "PodManagement.network",
        "PodManagement.system_range", "PodStorage.network", "PodStorage.range", "PublicRange.network",
        "PublicRange.range", "Region.zones", "SharedNetwork.name", "SharedNetwork.network", "SharedNetwork.range",
        "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RANGE-OVERLAP": (
        "Design.regions", "GuestRange.network", "GuestRange.range", "Pod.guest_ranges", "Pod.id", "Pod.management",
        "Pod.storage", "PodManagement.network", "PodManagement.system_range", "PodStorage.network",
        "PodStorage.range", "PublicRange.network", "PublicRange.range", "Region.zones", "SharedNetwork.name",
        "SharedNetwork.network", "SharedNetwork.range", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RANGE-RESERVED-ADDRESS": (
        "Design.networks", "Design.regions", "GuestRange.network", "GuestRange.range", "Network.cidr",
        "Network.gateway", "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.storage", "PodManagement.network",
        "PodManagement.system_range", "PodStorage.network", "PodStorage.range", "PublicRange.network",
        "PublicRange.range", "Region.zones", "SharedNetwork.name", "SharedNetwork.network", "SharedNetwork.range",
        "Zone.name", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RBD-MONITOR-PORT": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.monitor_port",
        "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "REACH-DATABASE": (
        "Database.primary", "Database.replica", "DatabaseServer.address", "DatabaseServer.name",
        "DatabaseServer.network", "Design.management", "Design.networks", "Management.database",
        "Management.servers", "ManagementServer.name", "ManagementServer.network", "ManagementServer.standby",
        "Network.cidr",
    ),
    "REACH-DNS-INTERNAL": (
        "Design.networks", "Design.regions", "Dns.internal", "Network.cidr", "Network.gateway", "Pod.id",
        "Pod.management", "Pod.name", "PodManagement.network", "Region.zones", "Zone.dns", "Zone.pods",
    ),
    "REACH-DNS-PUBLIC": (
        "Design.networks", "Design.regions", "Dns.public", "GuestRange.network", "Network.cidr", "Network.gateway",
        "Pod.guest_ranges", "PublicRange.network", "Region.zones", "SharedNetwork.network", "Zone.dns", "Zone.pods",
        "Zone.public_ranges", "Zone.shared_networks",
    ),
    "REACH-PRIMARY-STORAGE": (
        "Attachment.address", "Attachment.network", "Cluster.hypervisor", "Cluster.primary_storage",
        "Design.networks", "Design.regions", "Design.storage_servers", "Network.cidr", "Network.gateway",
        "Pod.clusters", "Pod.id", "Pod.management", "Pod.primary_storage_networks", "PodManagement.network",
        "PrimaryStorage.hypervisor", "PrimaryStorage.protocol", "PrimaryStorage.server", "Region.zones",
        "StorageServer.interfaces", "StorageServer.name", "Zone.pods", "Zone.primary_storage",
    ),
    "REACH-S3-ENDPOINT": (
        "Design.regions", "Pod.id", "Pod.management", "Pod.name", "PodManagement.network", "PublicRange.network",
        "Region.zones", "SecondaryStorage.endpoint", "Zone.networking", "Zone.pods", "Zone.public_ranges",
        "Zone.secondary_storage", "Zone.security_groups",
    ),
    "REACH-STAGING-STORE": (
        "Design.regions", "Design.storage_servers", "Region.zones", "SecondaryStorage.staging",
        "StorageServer.name", "Zone.secondary_storage",
    ),
    "REACH-VCENTER": (
        "Cluster.vcenter", "Design.management", "Design.networks", "Design.regions", "Management.servers",
        "ManagementServer.network", "ManagementServer.standby", "Network.cidr", "Pod.clusters", "Pod.id",
        "Region.zones", "VCenter.address", "Zone.pods",
    ),
    "REDUNDANT-DB-NO-REPLICA": (
        "Database.primary", "Database.replica", "DatabaseServer.name", "Deployment.redundant", "Design.deployment",
        "Design.management", "Management.database",
    ),
    "REDUNDANT-FIREWALL-UNPAIRED": (
        "Deployment.redundant", "Design.deployment", "Design.firewalls", "Firewall.peer",
    ),
    "REDUNDANT-NIC-NOT-BONDED": (
        "Bond.name", "Deployment.redundant", "Design.deployment", "Design.regions", "HostProfile.bonds",
        "PhysicalNetwork.interface", "PhysicalNetwork.name", "Pod.id", "Pod.name", "Pod.primary_storage_networks",
        "Region.zones", "Zone.physical_networks", "Zone.pods",
    ),
    "REDUNDANT-SINGLE-LOAD-BALANCER": (
        "Deployment.redundant", "Design.deployment", "Design.management", "LoadBalancer.names",
        "Management.load_balancer",
    ),
    "REDUNDANT-SINGLE-MANAGEMENT-SERVER": (
        "Deployment.redundant", "Design.deployment", "Design.management", "Management.servers",
        "ManagementServer.name",
    ),
    "REDUNDANT-SWITCH-UNPAIRED": (
        "Deployment.redundant", "Design.deployment", "Design.switches", "Switch.peer",
    ),
    "REF-INTERFACE": (
        "Bond.members", "Bond.name", "Design.host_profiles", "Design.regions", "HostProfile.bonds",
        "HostProfile.nics", "HostProfile.primary_storage_interfaces", "Nic.name", "PhysicalNetwork.interface",
        "Region.zones", "Zone.physical_networks",
    ),
    "REF-NETWORK": (
        "Attachment.network", "Database.primary", "Database.replica", "DatabaseServer.network", "Design.firewalls",
        "Design.management", "Design.networks", "Design.regions", "Design.storage_servers", "Design.switches",
        "Firewall.interfaces", "GuestRange.network", "HostEntry.addresses", "LoadBalancer.network",
        "Management.database", "Management.load_balancer", "Management.servers", "ManagementServer.network",
        "Pod.guest_ranges", "Pod.management", "Pod.primary_storage_networks", "Pod.storage", "PodManagement.network",
        "PodStorage.network", "PublicRange.network", "Region.zones", "SharedNetwork.network",
        "StorageServer.interfaces", "Switch.interfaces", "Switch.management", "Zone.pods", "Zone.public_ranges",
        "Zone.shared_networks",
    ),
    "REF-PROFILE": (
        "Cluster.hosts", "Cluster.profile", "Design.host_profiles", "Design.regions", "HostEntry.profile",
        "Pod.clusters", "Pod.id", "Region.zones", "Zone.pods",
    ),
    "REF-SITE": (
        "Database.primary", "Database.replica", "DatabaseServer.site", "Design.firewalls", "Design.management",
        "Design.networks", "Design.regions", "Design.sites", "Design.storage_servers", "Design.switches",
        "Firewall.site", "LoadBalancer.site", "Management.database", "Management.load_balancer",
        "Management.servers", "ManagementServer.site", "Network.site", "Region.zones", "Site.name",
        "StorageServer.site", "Switch.site", "Zone.site",
    ),
    "REF-STORAGE-SERVER": (
        "Cluster.primary_storage", "Design.regions", "Design.storage_servers", "Pod.clusters",
        "PrimaryStorage.server", "Region.zones", "SecondaryStorage.server", "StorageServer.name", "Zone.pods",
        "Zone.primary_storage", "Zone.secondary_storage",
    ),
    "REF-SWITCH": (
        "Design.firewalls", "Design.networks", "Design.regions", "Design.switches", "Firewall.name",
        "Network.gateway_on", "Pod.id", "Pod.name", "Region.zones", "Switch.name", "Switch.peer", "Switch.pod",
        "Switch.role", "Zone.pods",
    ),
    "RELEASE-UNKNOWN": (
        "Deployment.cloudstack_version", "Design.deployment",
    ),
    "SECONDARY-INCOMPLETE": (
        "Design.regions", "Region.zones", "SecondaryStorage.path", "SecondaryStorage.protocol",
        "SecondaryStorage.server", "Zone.secondary_storage",
    ),
    "SECONDARY-MIXED-PROVIDERS": (
        "Design.regions", "Region.zones", "SecondaryStorage.protocol", "Zone.secondary_storage",
    ),
    "SECONDARY-S3-STAGING": (
        "Design.regions", "Region.zones", "SecondaryStorage.protocol", "SecondaryStorage.staging",
        "Zone.secondary_storage",
    ),
    "SECONDARY-SERVER-ROLE": (
        "Design.regions", "Design.storage_servers", "Region.zones", "SecondaryStorage.protocol",
        "SecondaryStorage.server", "StorageServer.name", "StorageServer.role", "Zone.secondary_storage",
    ),
    "SECONDARY-SMB-HYPERVISOR": (
        "Cluster.hypervisor", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones",
        "SecondaryStorage.protocol", "Zone.pods", "Zone.secondary_storage",
    ),
    "SECONDARY-TOO-SMALL": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id", "Region.zones",
        "SecondaryStorage.size", "Zone.pods", "Zone.secondary_storage",
    ),
    "SECONDARY-UNREACHABLE": (
        "Attachment.network", "Design.networks", "Design.regions", "Design.storage_servers", "Network.gateway",
        "Pod.id", "Pod.management", "Pod.storage", "PodManagement.network", "PodStorage.network", "Region.zones",
        "SecondaryStorage.protocol", "SecondaryStorage.server", "StorageServer.interfaces", "StorageServer.name",
        "Zone.pods", "Zone.secondary_storage",
    ),
    "SECRET-IN-DESIGN": (
        "Attachment.address", "Attachment.network", "Bond.members", "Bond.mode", "Bond.name",
        "CephCluster.description", "CephCluster.monitors", "CephCluster.name", "CephCluster.pools",
        "CephCluster.secret", "CephCluster.site", "CephCluster.user", "CephMonitor.address", "CephMonitor.name",
        "Cluster.ha", "Cluster.hosts", "Cluster.hypervisor", "Cluster.live_migration", "Cluster.name",
        "Cluster.planned_vms", "Cluster.primary_storage", "Cluster.profile", "Cluster.vcenter", "Database.engine",
        "Database.max_connections", "Database.primary", "Database.replica", "DatabaseServer.address",
        "DatabaseServer.name", "DatabaseServer.network", "DatabaseServer.nics", "DatabaseServer.position",
        "DatabaseServer.power_watts", "DatabaseServer.rack", "DatabaseServer.rack_units", "DatabaseServer.site",
        "Deployment.cloudstack_version", "Deployment.description", "Deployment.name", "Deployment.redundant",
        "Design.ceph_clusters", "Design.deployment", "Design.firewalls", "Design.host_profiles", "Design.management",
        "Design.networks", "Design.racks", "Design.regions", "Design.settings", "Design.sites",
        "Design.storage_servers", "Design.switches", "Dns.internal", "Dns.public", "Firewall.description",
        "Firewall.id", "Firewall.interfaces", "Firewall.mode", "Firewall.name", "Firewall.peer", "Firewall.site",
        "GuestRange.network", "GuestRange.range", "HostEntry.addresses", "HostEntry.count", "HostEntry.id",
        "HostEntry.name", "HostEntry.position", "HostEntry.profile", "HostEntry.rack", "HostProfile.bonds",
        "HostProfile.cpu_cores", "HostProfile.cpu_model", "HostProfile.host_switches", "HostProfile.hypervisor",
        "HostProfile.max_vms", "HostProfile.nics", "HostProfile.os", "HostProfile.power_watts",
        "HostProfile.primary_storage_interfaces", "HostProfile.rack_units", "HostProfile.ram_gb", "HostSwitch.kind",
        "HostSwitch.name", "HostSwitch.port_groups", "HostSwitch.uplink", "LoadBalancer.addresses",
        "LoadBalancer.names", "LoadBalancer.network", "LoadBalancer.site", "LoadBalancer.vip",
        "Management.agent_lb_algorithm", "Management.database", "Management.load_balancer", "Management.servers",
        "ManagementServer.address", "ManagementServer.id", "ManagementServer.name", "ManagementServer.network",
        "ManagementServer.nics", "ManagementServer.os", "ManagementServer.position", "ManagementServer.power_watts",
        "ManagementServer.rack", "ManagementServer.rack_units", "ManagementServer.site", "ManagementServer.standby",
        "Network.cidr", "Network.description", "Network.gateway", "Network.gateway_on", "Network.mtu", "Network.site",
        "Network.untagged", "Network.vlan", "NfsExport.clients", "NfsExport.options", "NfsExport.path",
        "NfsExport.version", "Nic.fabric", "Nic.name", "Nic.speed", "PhysicalNetwork.guest_mtu",
        "PhysicalNetwork.guest_vlans", "PhysicalNetwork.guest_vnis", "PhysicalNetwork.interface",
        "PhysicalNetwork.isolation", "PhysicalNetwork.mtu", "PhysicalNetwork.name", "PhysicalNetwork.tags",
        "PhysicalNetwork.traffic", "PhysicalNetwork.vxlan", "Pod.clusters", "Pod.guest_ranges", "Pod.id",
        "Pod.management", "Pod.name", "Pod.primary_storage_networks", "Pod.storage", "Pod.vtep_network",
        "PodManagement.network", "PodManagement.system_range", "PodStorage.network", "PodStorage.range",
        "PrimaryStorage.ceph", "PrimaryStorage.hypervisor", "PrimaryStorage.monitor_port", "PrimaryStorage.multipath",
        "PrimaryStorage.name", "PrimaryStorage.path", "PrimaryStorage.protocol", "PrimaryStorage.server",
        "PrimaryStorage.size", "PrimaryStorage.tags", "PublicRange.network", "PublicRange.range", "Rack.height",
        "Rack.name", "Rack.pod", "Rack.power_budget_watts", "Rack.site", "Region.name", "Region.zones",
        "SecondaryStorage.bucket", "SecondaryStorage.endpoint", "SecondaryStorage.name", "SecondaryStorage.path",
        "SecondaryStorage.protocol", "SecondaryStorage.server", "SecondaryStorage.size", "SecondaryStorage.staging",
        "ServerNic.cabled_to", "ServerNic.name", "ServerNic.networks", "ServerNic.speed", "SharedNetwork.name",
        "SharedNetwork.network", "SharedNetwork.range", "Site.description", "Site.location", "Site.name",
        "StorageServer.description", "StorageServer.exports", "StorageServer.id", "StorageServer.interfaces",
        "StorageServer.name", "StorageServer.nics", "StorageServer.position", "StorageServer.power_watts",
        "StorageServer.rack", "StorageServer.rack_units", "StorageServer.role", "StorageServer.site",
        "Switch.first_host_port", "Switch.host_ports", "Switch.id", "Switch.interfaces", "Switch.management",
        "Switch.model", "Switch.name", "Switch.peer", "Switch.peer_link_ports", "Switch.platform", "Switch.pod",
        "Switch.port_speed", "Switch.position", "Switch.power_watts", "Switch.rack", "Switch.rack_units",
        "Switch.role", "Switch.server_ports", "Switch.site", "Switch.uplink_ports", "Switch.uplink_speed",
        "Traffic.labels", "Traffic.type", "VCenter.address", "VCenter.datacenter", "Vxlan.asn", "Vxlan.control",
        "Zone.dns", "Zone.domain", "Zone.guest_cidr", "Zone.guest_network_kinds", "Zone.local_storage", "Zone.name",
        "Zone.networking", "Zone.physical_networks", "Zone.planned_routers", "Zone.pods", "Zone.primary_storage",
        "Zone.public_ranges", "Zone.secondary_storage", "Zone.security_groups", "Zone.shared_networks", "Zone.site",
    ),
    "SERVER-CABLING": (
        "Attachment.network", "Database.primary", "Database.replica", "DatabaseServer.name",
        "DatabaseServer.network", "DatabaseServer.nics", "Design.management", "Design.storage_servers",
        "Design.switches", "Management.database", "Management.servers", "ManagementServer.name",
        "ManagementServer.network", "ManagementServer.nics", "ManagementServer.site", "ServerNic.cabled_to",
        "ServerNic.name", "ServerNic.networks", "StorageServer.interfaces", "StorageServer.nics",
        "StorageServer.site", "Switch.name", "Switch.site",
    ),
    "SETTING-AGENT-LB-SERVERS": (
        "Design.management", "Design.settings", "Management.servers", "ManagementServer.standby",
    ),
    "SETTING-CLUSTER-CPU-THRESHOLD": (
        "Cluster.name", "Cluster.planned_vms", "Design.regions", "Design.settings", "HostProfile.max_vms",
        "Pod.clusters", "Pod.id", "Pod.name", "Region.zones", "Zone.pods",
    ),
    "SETTING-CLUSTER-MEMORY-THRESHOLD": (
        "Cluster.name", "Cluster.planned_vms", "Design.regions", "Design.settings", "HostProfile.max_vms",
        "Pod.clusters", "Pod.id", "Pod.name", "Region.zones", "Zone.pods",
    ),
    "SETTING-CONSOLE-DOMAIN": (
        "Design.settings",
    ),
    "SETTING-CONSOLE-SSL": (
        "Design.settings",
    ),
    "SETTING-DIRECT-IP-THRESHOLD": (
        "Cluster.planned_vms", "Design.regions", "Design.settings", "GuestRange.range", "Pod.clusters",
        "Pod.guest_ranges", "Pod.id", "Pod.name", "Region.zones", "Zone.networking", "Zone.pods",
    ),
    "SETTING-ENDPOINT-URL": (
        "Design.networks", "Design.regions", "Design.settings", "Network.cidr", "Network.gateway", "Pod.id",
        "Pod.management", "PodManagement.network", "Region.zones", "Zone.pods",
    ),
    "SETTING-GUEST-DOMAIN": (
        "Design.settings",
    ),
    "SETTING-GUEST-VLAN-BITS": (
        "Design.regions", "Design.settings", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.isolation",
        "Region.zones", "Zone.physical_networks",
    ),
    "SETTING-HOST-LIST": (
        "Design.management", "Design.networks", "Design.regions", "Design.settings", "Management.servers",
        "ManagementServer.address", "ManagementServer.network", "ManagementServer.standby", "Network.cidr",
        "Network.gateway", "Pod.id", "Pod.management", "PodManagement.network", "Region.zones", "Zone.pods",
    ),
    "SETTING-HYPERV-PRIVATE-DEVICE": (
        "Design.settings",
    ),
    "SETTING-HYPERVISOR-LIST": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "SETTING-INTERNAL-SITES": (
        "Design.settings",
    ),
    "SETTING-INTERNAL-SITES-ROUTE": (
        "Design.networks", "Design.regions", "Design.settings", "Network.cidr", "Network.gateway", "Pod.id",
        "Pod.management", "PodManagement.network", "Region.zones", "Zone.pods",
    ),
    "SETTING-KVM-GUEST-DEVICE": (
        "Design.settings",
    ),
    "SETTING-KVM-PRIVATE-DEVICE": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "PhysicalNetwork.traffic", "Pod.clusters",
        "Pod.id", "Region.zones", "Traffic.labels", "Traffic.type", "Zone.physical_networks", "Zone.pods",
    ),
    "SETTING-KVM-PUBLIC-DEVICE": (
        "Design.settings",
    ),
    "SETTING-MANAGEMENT-CIDR": (
        "Design.management", "Design.networks", "Design.settings", "Management.servers", "ManagementServer.network",
        "ManagementServer.standby", "Network.cidr",
    ),
    "SETTING-NETWORK-RATE": (
        "Bond.members", "Bond.mode", "Bond.name", "Design.regions", "Design.settings", "HostProfile.bonds",
        "HostProfile.nics", "Nic.name", "Nic.speed", "PhysicalNetwork.interface", "PhysicalNetwork.traffic",
        "Region.zones", "Traffic.type", "Zone.physical_networks",
    ),
    "SETTING-NFS-VERSION": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Design.storage_servers", "NfsExport.path",
        "NfsExport.version", "Pod.clusters", "Pod.id", "Region.zones", "SecondaryStorage.name",
        "SecondaryStorage.path", "SecondaryStorage.protocol", "SecondaryStorage.server", "SecondaryStorage.staging",
        "StorageServer.exports", "StorageServer.name", "Zone.name", "Zone.pods", "Zone.secondary_storage",
    ),
    "SETTING-NTP-SERVERS": (
        "Design.networks", "Design.regions", "Design.settings", "Network.cidr", "Network.gateway", "Pod.id",
        "Pod.management", "PodManagement.network", "PublicRange.network", "Region.zones", "Zone.networking",
        "Zone.pods", "Zone.public_ranges", "Zone.security_groups",
    ),
    "SETTING-POD-IP-THRESHOLD": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id", "Pod.management",
        "Pod.name", "PodManagement.system_range", "Region.zones", "Zone.planned_routers", "Zone.pods",
    ),
    "SETTING-PUBLIC-IP-THRESHOLD": (
        "Design.regions", "Design.settings", "PublicRange.range", "Region.zones", "Zone.name", "Zone.networking",
        "Zone.planned_routers", "Zone.public_ranges", "Zone.security_groups",
    ),
    "SETTING-ROUTER-TEMPLATE-KVM": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "SETTING-ROUTER-TEMPLATE-VMWARE": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "SETTING-ROUTER-TEMPLATE-XENSERVER": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "SETTING-SSVM-CERT-DOMAIN": (
        "Design.settings",
    ),
    "SETTING-SSVM-ENCRYPT": (
        "Design.settings",
    ),
    "SETTING-SSVM-MTU": (
        "Design.networks", "Design.regions", "Design.settings", "Network.mtu", "Pod.id", "Pod.management",
        "Pod.storage", "PodManagement.network", "PodStorage.network", "Region.zones", "Zone.pods",
    ),
    "SETTING-SYSTEMVM-HYPERVISOR": (
        "Cluster.hypervisor", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "SETTING-SYSTEMVM-LOCAL-STORAGE": (
        "Cluster.primary_storage", "Design.regions", "Design.settings", "Pod.clusters", "Pod.id",
        "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "SETTING-TYPE": (
        "Design.settings",
    ),
    "SETTING-UNKNOWN": (
        "Design.settings",
    ),
    "SETTING-VLAN-THRESHOLD": (
        "Design.regions", "Design.settings", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.guest_vnis",
        "PhysicalNetwork.isolation", "Region.zones", "Zone.name", "Zone.physical_networks", "Zone.planned_routers",
    ),
    "SETTING-VM-RATE": (
        "Bond.members", "Bond.mode", "Bond.name", "Design.regions", "Design.settings", "HostProfile.bonds",
        "HostProfile.nics", "Nic.name", "Nic.speed", "PhysicalNetwork.interface", "PhysicalNetwork.traffic",
        "Region.zones", "Traffic.type", "Zone.physical_networks",
    ),
    "SETTING-VMWARE-DVSWITCH": (
        "Design.regions", "Design.settings", "PhysicalNetwork.traffic", "Region.zones", "Traffic.labels",
        "Zone.physical_networks",
    ),
    "SETTING-VMWARE-MGMT-PORTGROUP": (
        "Design.host_profiles", "Design.settings", "HostProfile.host_switches", "HostProfile.hypervisor",
        "HostSwitch.port_groups",
    ),
    "SETTING-VMWARE-NEXUS": (
        "Design.regions", "Design.settings", "PhysicalNetwork.traffic", "Region.zones", "Traffic.labels",
        "Zone.physical_networks",
    ),
    "SETTING-VR-PRIVATE-MTU": (
        "Design.regions", "Design.settings", "PhysicalNetwork.guest_mtu", "PhysicalNetwork.name",
        "PhysicalNetwork.traffic", "Region.zones", "Traffic.type", "Zone.physical_networks",
    ),
    "SETTING-VR-PUBLIC-MTU": (
        "Design.networks", "Design.regions", "Design.settings", "Network.mtu", "PublicRange.network",
        "Region.zones", "Zone.networking", "Zone.public_ranges", "Zone.security_groups",
    ),
    "SETTING-XEN-GUEST-DEVICE": (
        "Design.settings",
    ),
    "SETTING-XEN-PRIVATE-DEVICE": (
        "Design.settings",
    ),
    "SETTING-XEN-PUBLIC-DEVICE": (
        "Design.settings",
    ),
    "SETTING-XEN-STORAGE-DEVICE": (
        "Design.settings",
    ),
    "SG-HYPERVISOR": (
        "Cluster.hypervisor", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones", "Zone.networking",
        "Zone.pods", "Zone.security_groups",
    ),
    "SG-HYPERVISOR-UNVERIFIED": (
        "Cluster.hypervisor", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones", "Zone.networking",
        "Zone.pods",
    ),
    "STORAGE-NETWORK-ABSENT": (
        "Design.regions", "Pod.id", "Pod.name", "Pod.storage", "Region.zones", "Zone.name", "Zone.pods",
    ),
    "STORAGE-NIC-SPEED": (
        "Bond.members", "Bond.name", "Design.regions", "HostProfile.bonds", "HostProfile.nics",
        "HostProfile.primary_storage_interfaces", "Nic.name", "Nic.speed", "PhysicalNetwork.interface",
        "PhysicalNetwork.traffic", "Pod.id", "Pod.primary_storage_networks", "Region.zones", "Traffic.type",
        "Zone.physical_networks", "Zone.pods",
    ),
    "STORAGE-RANGE-WITHOUT-TRAFFIC": (
        "Design.regions", "PhysicalNetwork.traffic", "Pod.id", "Pod.storage", "Region.zones", "Traffic.type",
        "Zone.physical_networks", "Zone.pods",
    ),
    "STORAGE-TRAFFIC-WITHOUT-RANGE": (
        "Design.regions", "PhysicalNetwork.traffic", "Pod.id", "Pod.storage", "Region.zones", "Traffic.type",
        "Zone.physical_networks", "Zone.pods",
    ),
    "SWITCH-INTERFACES": (
        "Attachment.network", "Design.switches", "Switch.interfaces", "Switch.management", "Switch.role",
    ),
    "TRAFFIC-ONE-PNET": (
        "Design.regions", "PhysicalNetwork.name", "PhysicalNetwork.traffic", "Region.zones", "Traffic.type",
        "Zone.name", "Zone.physical_networks",
    ),
    "TRAFFIC-REPEATED": (
        "Design.regions", "PhysicalNetwork.traffic", "Region.zones", "Traffic.type", "Zone.physical_networks",
    ),
    "TRAFFIC-REQUIRED": (
        "Design.regions", "PhysicalNetwork.traffic", "Region.zones", "Traffic.type", "Zone.name",
        "Zone.physical_networks",
    ),
    "VERIFY-ARTEFACT-ADDRESS": (),
    "VERIFY-ARTEFACT-VLAN": (),
    "VERIFY-DOUBLE-TAG": (),
    "VERIFY-DUPLICATE-ADDRESS": (),
    "VERIFY-LABEL-WITHOUT-BRIDGE": (),
    "VERIFY-LACP-ID": (),
    "VERIFY-MTU": (),
    "VERIFY-SPOF": (),
    "VERIFY-UNCABLED": (),
    "VERIFY-UNREACHABLE": (),
    "VERIFY-VLAN-NOT-JOINED": (),
    "VERIFY-VLAN-TAGGING": (),
    "VLAN-SHARED": (
        "Design.networks", "Design.regions", "GuestRange.network", "Network.site", "Network.vlan", "Pod.guest_ranges",
        "Pod.id", "Pod.management", "Pod.name", "Pod.primary_storage_networks", "Pod.storage",
        "PodManagement.network", "PodStorage.network", "PublicRange.network", "Region.zones", "SharedNetwork.name",
        "SharedNetwork.network", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks", "Zone.site",
    ),
    "VMWARE-CLUSTER-SIZE": (
        "Cluster.hypervisor", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones", "Zone.pods",
    ),
    "VMWARE-DC-ONE-ZONE": (
        "Cluster.hypervisor", "Cluster.vcenter", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones",
        "VCenter.address", "VCenter.datacenter", "Zone.name", "Zone.pods",
    ),
    "VMWARE-DVS-MANAGEMENT": (
        "Design.regions", "PhysicalNetwork.traffic", "Region.zones", "Traffic.labels", "Traffic.type",
        "Zone.physical_networks",
    ),
    "VMWARE-NIC-NAMES": (
        "Design.host_profiles", "HostProfile.hypervisor", "HostProfile.nics", "Nic.name",
    ),
    "VMWARE-VCENTER-ADDRESS": (
        "Cluster.vcenter", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones", "VCenter.address",
        "Zone.pods",
    ),
    "VMWARE-ZONE-ONE-DC": (
        "Cluster.hypervisor", "Cluster.vcenter", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones",
        "VCenter.address", "VCenter.datacenter", "Zone.pods",
    ),
    "VXLAN-GUEST-RANGE": (
        "Design.regions", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.guest_vnis", "PhysicalNetwork.isolation",
        "Region.zones", "Zone.physical_networks",
    ),
    "VXLAN-HYPERVISOR": (
        "Cluster.hypervisor", "Design.regions", "PhysicalNetwork.isolation", "Pod.clusters", "Pod.id",
        "Region.zones", "Zone.physical_networks", "Zone.pods",
    ),
    "VXLAN-MTU": (
        "Design.regions", "PhysicalNetwork.guest_mtu", "PhysicalNetwork.isolation", "PhysicalNetwork.mtu",
        "Region.zones", "Zone.physical_networks",
    ),
    "VXLAN-MULTICAST-ROUTED": (
        "Design.networks", "Design.regions", "PhysicalNetwork.isolation", "PhysicalNetwork.traffic",
        "PhysicalNetwork.vxlan", "Pod.vtep_network", "Region.zones", "Traffic.type", "Vxlan.control",
        "Zone.physical_networks", "Zone.pods",
    ),
    "VXLAN-UNDERLAY-MTU": (
        "Design.networks", "Design.regions", "Network.mtu", "PhysicalNetwork.guest_mtu",
        "PhysicalNetwork.isolation", "PhysicalNetwork.traffic", "Pod.id", "Pod.vtep_network", "Region.zones",
        "Traffic.type", "Zone.physical_networks", "Zone.pods",
    ),
    "VXLAN-VTEP-NETWORK": (
        "Cluster.hypervisor", "Design.networks", "Design.regions", "PhysicalNetwork.isolation",
        "PhysicalNetwork.traffic", "Pod.clusters", "Pod.id", "Pod.management", "Pod.vtep_network",
        "PodManagement.network", "Region.zones", "Traffic.type", "Zone.physical_networks", "Zone.pods",
    ),
    "XENSERVER-MANAGEMENT-TAGGED": (
        "Cluster.hypervisor", "Design.networks", "Design.regions", "Network.untagged", "Network.vlan",
        "Pod.clusters", "Pod.id", "Pod.management", "Pod.name", "PodManagement.network", "Region.zones",
        "Zone.pods",
    ),
    "XENSERVER-POOL-CPU-VENDOR": (
        "Cluster.hypervisor", "Design.regions", "HostProfile.cpu_model", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "XENSERVER-POOL-MIXED-OS": (
        "Cluster.hypervisor", "Design.regions", "HostProfile.os", "Pod.clusters", "Pod.id", "Region.zones",
        "Zone.pods",
    ),
    "XENSERVER-POOL-SIZE": (
        "Cluster.hypervisor", "Design.regions", "Pod.clusters", "Pod.id", "Region.zones", "Zone.pods",
    ),
    "ZONE-DNS-MISSING": (
        "Design.regions", "Dns.internal", "Dns.public", "Region.zones", "Zone.dns",
    ),
    "ZONE-GUEST-CIDR-PRIVATE": (
        "Design.regions", "Region.zones", "Zone.guest_cidr",
    ),
    "ZONE-GUEST-VLANS-MISSING": (
        "Design.regions", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.guest_vnis", "PhysicalNetwork.isolation",
        "PhysicalNetwork.traffic", "Region.zones", "Traffic.type", "Zone.guest_network_kinds", "Zone.networking",
        "Zone.physical_networks", "Zone.security_groups",
    ),
    "ZONE-INTERNAL-DNS-UNREACHABLE": (
        "Design.networks", "Design.regions", "Dns.internal", "Network.cidr", "Network.gateway", "Pod.id",
        "Pod.management", "PodManagement.network", "Region.zones", "Zone.dns", "Zone.pods",
    ),
    "ZONE-SG-ISOLATED": (
        "Design.regions", "Region.zones", "Zone.networking", "Zone.security_groups",
    ),
}
