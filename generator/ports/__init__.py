"""Cabling: which switch port each host NIC uses and which VLANs every port carries."""

from .plan import plan_ports
from .traffic import Carried, InterfaceNeeds, interface_needs
from .types import CSV_HEADER, NATIVE_VLAN, Lag, LinkKind, PortMode, PortPlan, PortRow

__all__ = ["CSV_HEADER", "NATIVE_VLAN", "Carried", "InterfaceNeeds", "Lag", "LinkKind", "PortMode", "PortPlan",
           "PortRow", "interface_needs", "plan_ports"]
