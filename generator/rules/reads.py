"""The design fields each rule reads (Class.field of generator/model/): the Guide's field reference
lists, for every field, the rules that read it. Kept up to date by tools/rule_reads.py, which
finds them by running every rule over every design; tests/rules/test_reads.py checks it."""

from __future__ import annotations

READS: dict[str, tuple[str, ...]] = {
    "ADDRESS-DUPLICATE": (
        "Attachment.address", "Attachment.network", "Database.primary", "Database.replica",
        "DatabaseServer.address", "DatabaseServer.name", "DatabaseServer.network", "Design.firewalls",
        "Design.management", "Design.networks", "Design.storage_servers", "Design.switches", "Firewall.interfaces",
        "Firewall.name", "HostEntry.addresses", "LoadBalancer.addresses", "LoadBalancer.names",
        "LoadBalancer.network", "LoadBalancer.vip", "Management.database", "Management.load_balancer",
        "Management.servers", "ManagementServer.address", "ManagementServer.name", "ManagementServer.network",
        "Network.gateway", "StorageServer.interfaces", "StorageServer.name", "Switch.management", "Switch.name",
    ),
    "ADDRESS-IN-RANGE": (
        "Attachment.address", "Attachment.network", "Database.primary", "Database.replica",
        "DatabaseServer.address", "DatabaseServer.name", "DatabaseServer.network", "Design.firewalls",
        "Design.management", "Design.regions", "Design.storage_servers", "Design.switches", "Firewall.interfaces",
        "Firewall.name", "GuestRange.network", "GuestRange.range", "HostEntry.addresses", "LoadBalancer.addresses",
        "LoadBalancer.names", "LoadBalancer.network", "LoadBalancer.vip", "Management.database",
        "Management.load_balancer", "Management.servers", "ManagementServer.address", "ManagementServer.name",
        "ManagementServer.network", "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.name", "Pod.storage",
        "PodManagement.network", "PodManagement.system_range", "PodStorage.network", "PodStorage.range",
        "PublicRange.network", "PublicRange.range", "Region.zones", "StorageServer.interfaces",
        "StorageServer.name", "Switch.management", "Switch.name", "Zone.pods", "Zone.public_ranges",
        "Zone.shared_networks",
    ),
    "ADDRESS-OUTSIDE-NETWORK": (
        "Attachment.address", "Attachment.network", "Database.primary", "Database.replica",
        "DatabaseServer.address", "DatabaseServer.name", "DatabaseServer.network", "Design.firewalls",
        "Design.management", "Design.networks", "Design.storage_servers", "Design.switches", "Firewall.interfaces",
        "Firewall.name", "HostEntry.addresses", "LoadBalancer.addresses", "LoadBalancer.names",
        "LoadBalancer.network", "LoadBalancer.vip", "Management.database", "Management.load_balancer",
        "Management.servers", "ManagementServer.address", "ManagementServer.name", "ManagementServer.network",
        "Network.cidr", "Network.gateway", "StorageServer.interfaces", "StorageServer.name", "Switch.management",
        "Switch.name",
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
        "PodStorage.range", "PublicRange.network", "PublicRange.range", "Region.zones", "Zone.networking",
        "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "BASIC-GUEST-RANGES-MISSING": (
        "Design.regions", "Pod.guest_ranges", "Pod.id", "Pod.name", "Region.zones", "Zone.name", "Zone.networking",
        "Zone.pods",
    ),
    "CAPACITY-HOST-FAILURE": (
        "Cluster.name", "Cluster.planned_vms", "Deployment.redundant", "Design.deployment", "Design.regions",
        "HostProfile.max_vms", "Pod.clusters", "Pod.id", "Pod.name", "Region.zones", "Zone.pods",
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
    "DEVICE-ID-DUPLICATE": (
        "Design.firewalls", "Design.management", "Design.storage_servers", "Design.switches", "Firewall.id",
        "Management.servers", "ManagementServer.id", "StorageServer.id", "Switch.id",
    ),
    "GUEST-CIDR-OVERLAP": (
        "Design.networks", "Design.regions", "Network.cidr", "Region.zones", "Zone.guest_cidr",
    ),
    "GUEST-VLAN-OVERLAP": (
        "Design.networks", "Design.regions", "GuestRange.network", "Network.site", "Network.vlan",
        "PhysicalNetwork.guest_vlans", "PhysicalNetwork.name", "Pod.guest_ranges", "Pod.id", "Pod.management",
        "Pod.name", "Pod.primary_storage_networks", "Pod.storage", "PodManagement.network", "PodStorage.network",
        "PublicRange.network", "Region.zones", "Zone.name", "Zone.physical_networks", "Zone.pods",
        "Zone.public_ranges", "Zone.shared_networks", "Zone.site",
    ),
    "ISCSI-MULTIPATH-NETWORKS": (
        "Cluster.hypervisor", "Cluster.name", "Cluster.primary_storage", "Design.networks", "Design.regions",
        "HostProfile.primary_storage_interfaces", "Network.cidr", "Network.gateway", "Pod.clusters", "Pod.id",
        "Pod.name", "Pod.primary_storage_networks", "PrimaryStorage.hypervisor", "PrimaryStorage.multipath",
        "PrimaryStorage.name", "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "KVM-BRIDGE-MEMBER-NAME": (
        "Cluster.hypervisor", "Design.regions", "PhysicalNetwork.interface", "Pod.clusters", "Pod.id",
        "Region.zones", "Zone.physical_networks", "Zone.pods",
    ),
    "KVM-BRIDGE-NAME-LENGTH": (
        "Cluster.hypervisor", "Design.networks", "Design.regions", "Network.untagged", "Network.vlan",
        "PhysicalNetwork.guest_vlans", "PhysicalNetwork.interface", "PhysicalNetwork.isolation",
        "PhysicalNetwork.name", "PhysicalNetwork.traffic", "Pod.clusters", "Pod.id", "Pod.storage",
        "PodStorage.network", "PublicRange.network", "Region.zones", "Traffic.labels", "Traffic.type", "Zone.name",
        "Zone.physical_networks", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
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
    "POD-CIDR-OVERLAP": (
        "Design.networks", "Design.regions", "Design.settings", "Network.cidr", "Pod.id", "Pod.management",
        "Pod.name", "PodManagement.network", "Region.name", "Region.zones", "Zone.name", "Zone.pods",
    ),
    "POD-SYSTEM-RANGE-SMALL": (
        "Cluster.hypervisor", "Design.regions", "Pod.clusters", "Pod.id", "Pod.management",
        "PodManagement.system_range", "Region.zones", "Zone.pods",
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
        "Attachment.address", "Attachment.network", "Cluster.primary_storage", "Database.primary",
        "Database.replica", "DatabaseServer.address", "DatabaseServer.name", "DatabaseServer.network",
        "Design.firewalls", "Design.management", "Design.regions", "Design.storage_servers", "Design.switches",
        "Firewall.interfaces", "Firewall.name", "HostEntry.addresses", "LoadBalancer.addresses",
        "LoadBalancer.names", "LoadBalancer.network", "LoadBalancer.vip", "Management.database",
        "Management.load_balancer", "Management.servers", "ManagementServer.address", "ManagementServer.name",
        "ManagementServer.network", "Pod.clusters", "Pod.id", "PrimaryStorage.server", "Region.zones",
        "StorageServer.interfaces", "StorageServer.name", "Switch.management", "Switch.name", "Zone.pods",
        "Zone.primary_storage",
    ),
    "PRIMARY-PROTOCOL-HYPERVISOR": (
        "Cluster.hypervisor", "Cluster.name", "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id",
        "PrimaryStorage.hypervisor", "PrimaryStorage.name", "PrimaryStorage.protocol", "Region.zones", "Zone.pods",
        "Zone.primary_storage",
    ),
    "PRIMARY-SERVER-MISSING": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.protocol",
        "PrimaryStorage.server", "Region.zones", "Zone.pods", "Zone.primary_storage",
    ),
    "PRIMARY-SERVER-OUTSIDE-NETWORK": (
        "Attachment.network", "Cluster.name", "Cluster.primary_storage", "Design.regions", "Design.storage_servers",
        "Pod.clusters", "Pod.id", "Pod.name", "Pod.primary_storage_networks", "PrimaryStorage.multipath",
        "PrimaryStorage.name", "PrimaryStorage.server", "Region.zones", "StorageServer.interfaces",
        "StorageServer.name", "Zone.pods", "Zone.primary_storage",
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
    "RANGE-NETWORK-NO-GATEWAY": (
        "Design.networks", "Design.regions", "GuestRange.network", "GuestRange.range", "Network.gateway",
        "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.storage", "PodManagement.network",
        "PodManagement.system_range", "PodStorage.network", "PodStorage.range", "PublicRange.network",
        "PublicRange.range", "Region.zones", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RANGE-OUTSIDE-NETWORK": (
        "Design.networks", "Design.regions", "GuestRange.network", "GuestRange.range", "Network.cidr",
        "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.storage", "PodManagement.network",
        "PodManagement.system_range", "PodStorage.network", "PodStorage.range", "PublicRange.network",
        "PublicRange.range", "Region.zones", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RANGE-OVERLAP": (
        "Design.regions", "GuestRange.network", "GuestRange.range", "Pod.guest_ranges", "Pod.id", "Pod.management",
        "Pod.storage", "PodManagement.network", "PodManagement.system_range", "PodStorage.network",
        "PodStorage.range", "PublicRange.network", "PublicRange.range", "Region.zones", "Zone.pods",
        "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RANGE-RESERVED-ADDRESS": (
        "Design.networks", "Design.regions", "GuestRange.network", "GuestRange.range", "Network.cidr",
        "Network.gateway", "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.storage", "PodManagement.network",
        "PodManagement.system_range", "PodStorage.network", "PodStorage.range", "PublicRange.network",
        "PublicRange.range", "Region.zones", "Zone.name", "Zone.pods", "Zone.public_ranges", "Zone.shared_networks",
    ),
    "RBD-MONITOR-PORT": (
        "Cluster.primary_storage", "Design.regions", "Pod.clusters", "Pod.id", "PrimaryStorage.monitor_port",
        "PrimaryStorage.protocol", "Region.zones", "Zone.pods", "Zone.primary_storage",
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
        "Pod.guest_ranges", "Pod.management", "Pod.primary_storage_networks", "Pod.storage",
        "PodManagement.network", "PodStorage.network", "PublicRange.network", "Region.zones",
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
        "Attachment.address", "Attachment.network", "Bond.members", "Bond.mode", "Bond.name", "Cluster.ha",
        "Cluster.hosts", "Cluster.hypervisor", "Cluster.live_migration", "Cluster.name", "Cluster.planned_vms",
        "Cluster.primary_storage", "Cluster.profile", "Cluster.vcenter", "Database.engine", "Database.primary",
        "Database.replica", "DatabaseServer.address", "DatabaseServer.name", "DatabaseServer.network",
        "DatabaseServer.nics", "DatabaseServer.site", "Deployment.cloudstack_version", "Deployment.description",
        "Deployment.name", "Deployment.redundant", "Design.deployment", "Design.firewalls", "Design.host_profiles",
        "Design.management", "Design.networks", "Design.regions", "Design.settings", "Design.sites",
        "Design.storage_servers", "Design.switches", "Dns.internal", "Dns.public", "Firewall.description",
        "Firewall.id", "Firewall.interfaces", "Firewall.mode", "Firewall.name", "Firewall.peer", "Firewall.site",
        "GuestRange.network", "GuestRange.range", "HostEntry.addresses", "HostEntry.count", "HostEntry.id",
        "HostEntry.name", "HostEntry.profile", "HostProfile.bonds", "HostProfile.cpu_cores",
        "HostProfile.cpu_model", "HostProfile.host_switches", "HostProfile.hypervisor", "HostProfile.max_vms",
        "HostProfile.nics", "HostProfile.os", "HostProfile.primary_storage_interfaces", "HostProfile.rack_units",
        "HostProfile.ram_gb", "HostSwitch.kind", "HostSwitch.name", "HostSwitch.port_groups", "HostSwitch.uplink",
        "LoadBalancer.addresses", "LoadBalancer.names", "LoadBalancer.network", "LoadBalancer.site",
        "LoadBalancer.vip", "Management.agent_lb_algorithm", "Management.database", "Management.load_balancer",
        "Management.servers", "ManagementServer.address", "ManagementServer.id", "ManagementServer.name",
        "ManagementServer.network", "ManagementServer.nics", "ManagementServer.os", "ManagementServer.site",
        "ManagementServer.standby", "Network.cidr", "Network.description", "Network.gateway", "Network.gateway_on",
        "Network.mtu", "Network.site", "Network.untagged", "Network.vlan", "Nic.fabric", "Nic.name", "Nic.speed",
        "PhysicalNetwork.guest_mtu", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.guest_vnis",
        "PhysicalNetwork.interface", "PhysicalNetwork.isolation", "PhysicalNetwork.mtu", "PhysicalNetwork.name",
        "PhysicalNetwork.tags", "PhysicalNetwork.traffic", "Pod.clusters", "Pod.guest_ranges", "Pod.id",
        "Pod.management", "Pod.name", "Pod.primary_storage_networks", "Pod.storage", "PodManagement.network",
        "PodManagement.system_range", "PodStorage.network", "PodStorage.range", "PrimaryStorage.hypervisor",
        "PrimaryStorage.monitor_port", "PrimaryStorage.multipath", "PrimaryStorage.name", "PrimaryStorage.path",
        "PrimaryStorage.protocol", "PrimaryStorage.server", "PrimaryStorage.size", "PrimaryStorage.tags",
        "PublicRange.network", "PublicRange.range", "Region.name", "Region.zones", "SecondaryStorage.bucket",
        "SecondaryStorage.endpoint", "SecondaryStorage.name", "SecondaryStorage.path", "SecondaryStorage.protocol",
        "SecondaryStorage.server", "SecondaryStorage.size", "SecondaryStorage.staging", "ServerNic.cabled_to",
        "ServerNic.name", "ServerNic.networks", "ServerNic.speed", "Site.description", "Site.location", "Site.name",
        "StorageServer.description", "StorageServer.id", "StorageServer.interfaces", "StorageServer.name",
        "StorageServer.nics", "StorageServer.role", "StorageServer.site", "Switch.first_host_port",
        "Switch.host_ports", "Switch.id", "Switch.interfaces", "Switch.management", "Switch.model", "Switch.name",
        "Switch.peer", "Switch.peer_link_ports", "Switch.platform", "Switch.pod", "Switch.port_speed",
        "Switch.role", "Switch.server_ports", "Switch.site", "Switch.uplink_ports", "Switch.uplink_speed",
        "Traffic.labels", "Traffic.type", "Zone.dns", "Zone.domain", "Zone.guest_cidr", "Zone.guest_network_kinds",
        "Zone.local_storage", "Zone.name", "Zone.networking", "Zone.physical_networks", "Zone.planned_routers",
        "Zone.pods", "Zone.primary_storage", "Zone.public_ranges", "Zone.secondary_storage", "Zone.security_groups",
        "Zone.shared_networks", "Zone.site",
    ),
    "SERVER-CABLING": (
        "Attachment.network", "Database.primary", "Database.replica", "DatabaseServer.name",
        "DatabaseServer.network", "DatabaseServer.nics", "Design.management", "Design.storage_servers",
        "Design.switches", "Management.database", "Management.servers", "ManagementServer.name",
        "ManagementServer.network", "ManagementServer.nics", "ManagementServer.site", "ServerNic.cabled_to",
        "ServerNic.name", "ServerNic.networks", "StorageServer.interfaces", "StorageServer.nics",
        "StorageServer.site", "Switch.name", "Switch.site",
    ),
    "SETTING-INTERNAL-SITES": (
        "Design.settings",
    ),
    "SETTING-TYPE": (
        "Design.settings",
    ),
    "SETTING-UNKNOWN": (
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
        "Design.networks", "Design.regions", "GuestRange.network", "Network.site", "Network.vlan",
        "Pod.guest_ranges", "Pod.id", "Pod.management", "Pod.name", "Pod.primary_storage_networks", "Pod.storage",
        "PodManagement.network", "PodStorage.network", "PublicRange.network", "Region.zones", "Zone.pods",
        "Zone.public_ranges", "Zone.shared_networks", "Zone.site",
    ),
    "VMWARE-DVS-MANAGEMENT": (
        "Design.regions", "PhysicalNetwork.traffic", "Region.zones", "Traffic.labels", "Traffic.type",
        "Zone.physical_networks",
    ),
    "VXLAN-GUEST-RANGE": (
        "Design.regions", "PhysicalNetwork.guest_vnis", "PhysicalNetwork.isolation", "Region.zones",
        "Zone.physical_networks",
    ),
    "VXLAN-MTU": (
        "Design.regions", "PhysicalNetwork.guest_mtu", "PhysicalNetwork.isolation", "Region.zones",
        "Zone.physical_networks",
    ),
    "XENSERVER-MANAGEMENT-TAGGED": (
        "Cluster.hypervisor", "Design.networks", "Design.regions", "Network.untagged", "Network.vlan",
        "Pod.clusters", "Pod.id", "Pod.management", "Pod.name", "PodManagement.network", "Region.zones",
        "Zone.pods",
    ),
    "ZONE-DNS-MISSING": (
        "Design.regions", "Dns.internal", "Dns.public", "Region.zones", "Zone.dns",
    ),
    "ZONE-GUEST-VLANS-MISSING": (
        "Design.regions", "PhysicalNetwork.guest_vlans", "PhysicalNetwork.isolation", "PhysicalNetwork.traffic",
        "Region.zones", "Traffic.type", "Zone.guest_network_kinds", "Zone.networking", "Zone.physical_networks",
        "Zone.security_groups",
    ),
    "ZONE-INTERNAL-DNS-UNREACHABLE": (
        "Design.networks", "Design.regions", "Dns.internal", "Network.cidr", "Network.gateway", "Pod.id",
        "Pod.management", "PodManagement.network", "Region.zones", "Zone.dns", "Zone.pods",
    ),
}
