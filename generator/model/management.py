"""The management plane: management servers, load balancers, database."""

from __future__ import annotations

from pydantic import Field

from .base import ORDERED, Address, Name, StrictModel
from .hardware import HostOs, ServerNic
from .racks import position_field, power_field, rack_field, rack_units_field


class ManagementServer(StrictModel):
    name: Name
    id: int | None = Field(
        default=None, ge=1, le=4096,
        description="Stable number of the server among the management servers: its place in their block of addresses "
        "on every network (id n takes place n). Without it management servers take the free places in name order, so "
        "adding one whose name sorts earlier moves the others.",
    )
    site: Name
    network: Name
    address: Address | None = None
    os: HostOs = HostOs.ubuntu_24_04
    nics: list[ServerNic] = Field(
        default_factory=list, json_schema_extra=ORDERED,
        description="NICs and the switches they are cabled to; without them the port plan leaves the server out. "
        "Order matters: the NICs take their switches' 'server_ports' in this order.",
    )
    standby: bool = Field(
        default=False,
        description="Disaster-recovery server at another site: installed and configured against the "
        "database replica, but kept stopped (and left out of the agents' server list) until failover.",
    )
    rack: Name | None = rack_field()
    position: int | None = position_field()
    rack_units: int = rack_units_field()
    power_watts: int | None = power_field()


class LoadBalancer(StrictModel):
    """A load-balancer pair in front of the management servers (UI/API on 8080)."""

    names: list[Name] = Field(min_length=1, max_length=2, json_schema_extra=ORDERED,
                              description="Load balancer names. Order matters: paired with 'addresses'.")
    site: Name
    network: Name
    vip: Address | None = None
    addresses: list[Address] = Field(default_factory=list, json_schema_extra=ORDERED,
                                     description="Addresses of the load balancers, in the order of 'names'.")


class DatabaseServer(StrictModel):
    name: Name
    site: Name
    network: Name
    address: Address | None = None
    nics: list[ServerNic] = Field(
        default_factory=list,
        description="NICs and the switches they are cabled to, like a management server's; a database on a "
        "management server is cabled with that server's NICs.",
    )
    rack: Name | None = rack_field()
    position: int | None = position_field()
    rack_units: int = rack_units_field()
    power_watts: int | None = power_field()


class Database(StrictModel):
    primary: DatabaseServer
    replica: DatabaseServer | None = Field(
        default=None, description="MySQL replica, usually at another site for disaster recovery."
    )
    engine: str = Field(default="mysql-8.0")
    max_connections: int | None = Field(
        default=None, ge=1, le=100000,
        description="MySQL max_connections of the primary and the replica. Left out, the runbook sets 350 "
        "(db.properties' pools: 250 for the cloud database, 100 for usage) per management server that uses it.",
    )


class Management(StrictModel):
    servers: list[ManagementServer] = Field(
        min_length=1, json_schema_extra=ORDERED,
        description="Management servers. Order matters: the first active one creates the database schema "
        "and the others join it; the agents' list of servers (the 'host' setting) follows this order.")
    load_balancer: LoadBalancer | None = None
    database: Database
    agent_lb_algorithm: str | None = Field(
        default=None,
        description="indirect.agent.lb.algorithm when agents get the management-server list "
        "(roundrobin, shuffle, static).",
    )
