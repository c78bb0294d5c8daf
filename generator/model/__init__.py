"""The typed design model: the one source of truth for the schema."""

from .base import AddressRange, Size, Speed, StrictModel, VlanRange
from .design import Deployment, Design, Site
from .hardware import Bond, Fabric, HostOs, HostProfile, HostSwitch, HostSwitchKind, Nic, ServerNic
from .management import Database, DatabaseServer, LoadBalancer, Management, ManagementServer
from .networks import DEFAULT_VLAN, Hypervisor, IsolationMethod, Network, PhysicalNetwork, Traffic, TrafficType
from .racks import Rack
from .storage import (
    Attachment,
    PrimaryProtocol,
    PrimaryStorage,
    SecondaryProtocol,
    SecondaryStorage,
    ServerRole,
    StagingStore,
    StorageServer,
)
from .switching import Firewall, FirewallMode, Platform, Switch, SwitchRole
from .topology import (
    Cluster,
    Dns,
    GuestNetworkKind,
    GuestRange,
    HostEntry,
    Networking,
    Pod,
    PodManagement,
    PodStorage,
    PublicRange,
    Region,
    SharedNetwork,
    Zone,
)

__all__ = [
    "DEFAULT_VLAN", "AddressRange", "Attachment", "Bond", "Cluster", "Database", "DatabaseServer", "Deployment",
    "Design", "Dns",
    "Fabric", "Firewall", "FirewallMode", "GuestNetworkKind", "GuestRange", "HostEntry", "HostOs",
    "HostProfile", "HostSwitch", "HostSwitchKind", "Hypervisor", "IsolationMethod", "LoadBalancer", "Management",
    "ManagementServer", "Network", "Networking", "Nic", "PhysicalNetwork", "Platform", "Pod",
    "PodManagement", "PodStorage", "PrimaryProtocol", "PrimaryStorage", "PublicRange", "Rack", "Region",
    "SecondaryProtocol", "SecondaryStorage", "ServerNic", "ServerRole", "SharedNetwork", "Site", "Size", "Speed",
    "StagingStore",
    "StorageServer", "StrictModel", "Switch", "SwitchRole", "Traffic", "TrafficType", "VlanRange",
    "Zone",
]
