"""Switches, the core layer and firewalls."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import ORDERED, Name, Speed, StrictModel
from .racks import position_field, power_field, rack_field, rack_units_field
from .storage import Attachment


class Platform(StrEnum):
    cisco_nxos = "cisco_nxos"
    cisco_iosxe = "cisco_iosxe"
    arista_eos = "arista_eos"
    juniper_junos = "juniper_junos"


class SwitchRole(StrEnum):
    access = "access"
    storage = "storage"
    core = "core"


class Switch(StrictModel):
    """One switch. Access and storage switches belong to a pod; core switches to a site."""

    name: Name
    id: int | None = Field(
        default=None, ge=1, le=4096,
        description="Stable number of the switch among the switches: its place in their block of addresses "
        "on every network (id n takes place n). Without it switches take the free places in name order, so "
        "adding one whose name sorts earlier moves the others.",
    )
    role: SwitchRole
    platform: Platform
    site: Name
    pod: Name | None = Field(default=None, description="Pod served (access and storage switches).")
    peer: Name | None = Field(default=None, description="MLAG/vPC peer switch of the pair.")
    model: str = Field(
        default="",
        description="Hardware model, e.g. DCS-7050SX3-48YC8. For the models stackplan knows (generator/data/"
        "platforms.yml) port names are the model's own and port numbers and speeds are checked against it; "
        "for others the names follow the platform's usual naming by speed, and the configuration says so.",
    )
    host_ports: int = Field(default=48, ge=1, description="Number of host-facing ports.")
    first_host_port: int = Field(default=1, ge=1)
    port_speed: Speed = Field(default_factory=lambda: Speed(25))
    uplink_ports: list[int] = Field(
        default_factory=list, description="Port numbers of the uplinks to the core (or firewall), in any order: "
        "from the lowest port up they take the site's cores in turn."
    )
    peer_link_ports: list[int] = Field(default_factory=list, description="MLAG/vPC peer-link ports.")
    server_ports: list[int] = Field(
        default_factory=list, json_schema_extra=ORDERED,
        description="Ports for the NICs of storage and management servers cabled to this switch. Order matters: "
        "they are taken in order: servers by id, then name; a server's NICs in the order listed.",
    )
    uplink_speed: Speed = Field(default_factory=lambda: Speed(100))
    management: Attachment | None = Field(default=None, description="Switch management address.")
    interfaces: list[Attachment] = Field(
        default_factory=list, json_schema_extra=ORDERED,
        description="Core switches: routed interfaces (SVIs) on networks another router serves, such as "
        "the transit network towards the firewall. Each gets an address (the one given, else the "
        "planner's). Order matters: the first whose gateway is another device is the core's default route.",
    )
    rack: Name | None = rack_field()
    position: int | None = position_field()
    rack_units: int = rack_units_field()
    power_watts: int | None = power_field()


class FirewallMode(StrEnum):
    nat = "nat"
    routed = "routed"


class Firewall(StrictModel):
    name: Name
    id: int | None = Field(
        default=None, ge=1, le=4096,
        description="Stable number of the firewall among the firewalls: its place in their block of addresses "
        "on every network (id n takes place n). Without it firewalls take the free places in name order, so "
        "adding one whose name sorts earlier moves the others.",
    )
    site: Name
    mode: FirewallMode = FirewallMode.nat
    peer: Name | None = None
    interfaces: list[Attachment] = Field(default_factory=list)
    description: str = ""
