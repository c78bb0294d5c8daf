"""The management plane: management servers, load balancers, database."""

from __future__ import annotations

from pydantic import Field

from .base import ORDERED, Address, Name, StrictModel
from .hardware import HostOs, ServerNic
from .racks import position_field, power_field, rack_field, rack_units_field


class ManagementServer(StrictModel):
    name: Name = Field(
        description="The management server's host name.")
    id: int | None = Field(
        default=None, ge=1, le=4096,
        description="Stable number of the server among the management servers: its place in their block of addresses "
        "on every network (id n takes place n). Without it management servers take the free places in name order, so "
        "adding one whose name sorts earlier moves the others.",
    )
    site: Name = Field(
        description="Site the server is in: its addresses come from that site's networks.")
    network: Name = Field(
        description="Network (from 'networks') of the server's main address: the one hosts and system VMs reach "
        "it on.")
    address: Address | None = Field(
        default=None,
        description="The server's address on 'network'; the planner picks one from the network's block for "
        "management servers when left out.")
    os: HostOs = Field(
        default=HostOs.ubuntu_24_04,
        description="Operating system of the server: picks the runbook's install commands and package repository.")
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
    site: Name = Field(
        description="Site the load balancers are in.")
    network: Name = Field(
        description="Network (from 'networks') of the load balancers and their virtual address.")
    vip: Address | None = Field(
        default=None,
        description="Virtual address the UI, API and agents use (8080, 8250); the planner picks one when left "
        "out.")
    addresses: list[Address] = Field(default_factory=list, json_schema_extra=ORDERED,
                                     description="Addresses of the load balancers, in the order of 'names'.")


class DatabaseServer(StrictModel):
    name: Name = Field(
        description="Host name of the database server; the name of a management server when the database runs on "
        "it.")
    site: Name = Field(
        description="Site the database server is in.")
    network: Name = Field(
        description="Network (from 'networks') the management servers reach the database on.")
    address: Address | None = Field(
        default=None,
        description="The database server's address on 'network'; the planner picks one when left out.")
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
    primary: DatabaseServer = Field(
        description="The database server CloudStack writes to: the management servers' db.cloud.host.")
    replica: DatabaseServer | None = Field(
        default=None, description="MySQL replica, usually at another site for disaster recovery."
    )
    engine: str = Field(default="mysql-8.0",
        description="Database engine and version, e.g. mysql-8.0 or mariadb-10.11: the runbook installs and "
        "configures it.")
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
    load_balancer: LoadBalancer | None = Field(
        default=None,
        description="Load-balancer pair in front of several management servers; the agents and users then use "
        "its virtual address.")
    database: Database = Field(
        description="The CloudStack database: its primary server and an optional replica.")
    agent_lb_algorithm: str | None = Field(
        default=None,
        description="indirect.agent.lb.algorithm when agents get the management-server list "
        "(roundrobin, shuffle, static).",
    )
