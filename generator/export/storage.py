"""Primary storage pools and image stores as the API takes them: each URL built from the storage
server's address in the address plan (on the pod's storage networks first), the protocol the
hypervisors of the pool can mount, and the problems that stop a pool from being added.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from ..inventory import Inventory
from ..model import (
    Cluster,
    Design,
    Hypervisor,
    Pod,
    PrimaryProtocol,
    PrimaryStorage,
    SecondaryProtocol,
    SecondaryStorage,
    Zone,
)
from ..plan.types import AddressPlan
from . import vault
from .calls import Secret, Value
from .spec import CEPH_MONITOR_PORT, HYPERVISOR_API, ImageStoreSpec, PoolSpec, Problem


class StorageSpecs:
    """Builds the storage part of a ``DeploySpec``; ``zones.py`` builds the rest on top of it."""

    def __init__(self, design: Design, inventory: Inventory, plan: AddressPlan) -> None:
        self.design = design
        self.inventory = inventory
        self.plan = plan
        self.problems: list[Problem] = []

    def problem(self, obj: object, attr: str | int | None, message: str, fix: str) -> None:
        self.problems.append(Problem(obj, attr, message, fix))

    # -- storage ---------------------------------------------------------------------------
    def server_address(self, server: str, preferred: list[str]) -> IPv4Address | None:
        srv = next((s for s in self.design.storage_servers if s.name == server), None)
        if srv is None:
            return None
        networks = [a.network for a in srv.interfaces]
        for net in [*preferred, *networks]:
            if net in networks:
                address = self.plan.address(server, net)
                if address is not None:
                    return address
        return None

    def pool(self, zone: Zone, pod: Pod | None, pool: PrimaryStorage, cluster: Cluster | None) -> PoolSpec | None:
        pods = [pod] if pod is not None else sorted(zone.pods, key=lambda p: p.id)
        preferred = [n for p in pods for n in p.primary_storage_networks] + [p.management.network for p in pods]
        hypervisors = {c.hypervisor for p in pods for c in p.clusters} if cluster is None else {cluster.hypervisor}
        hypervisor: str | None = None
        if cluster is None:
            if pool.hypervisor:
                hypervisor = next((HYPERVISOR_API[h] for h in Hypervisor if h.value == pool.hypervisor.lower()),
                                  pool.hypervisor)
            elif len(hypervisors) == 1:
                hypervisor = HYPERVISOR_API[next(iter(hypervisors))]
            else:
                self.problem(pool, "name", f"zone-wide pool {pool.name}: the zone has several hypervisors",
                             "say which one the pool serves with 'hypervisor:'")
                return None
        url = self.pool_url(pool, hypervisors, preferred)
        if url is None:
            return None
        return PoolSpec(pool.name, url, "zone" if cluster is None else "cluster", hypervisor, ",".join(pool.tags),
                        pool)

    def pool_url(self, pool: PrimaryStorage, hypervisors: set[Hypervisor], preferred: list[str]) -> Value | None:
        proto = pool.protocol
        path = pool.path
        if proto is PrimaryProtocol.local:
            self.problem(pool, "protocol", f"pool {pool.name}: local storage is not a pool CloudStack creates",
                         "remove it and set 'local_storage: true' on the zone instead")
            return None
        if proto in (PrimaryProtocol.presetup, PrimaryProtocol.sharedmountpoint, PrimaryProtocol.fc):
            if not path:
                self.problem(pool, "path", f"pool {pool.name} needs a path (SR name-label or mount point)",
                             "set 'path:'")
                return None
            if proto is PrimaryProtocol.presetup or (proto is PrimaryProtocol.fc
                                                     and hypervisors == {Hypervisor.xenserver}):
                return Value.of(f"presetup://localhost/{path.lstrip('/')}")
            if proto is PrimaryProtocol.sharedmountpoint or (proto is PrimaryProtocol.fc
                                                             and hypervisors == {Hypervisor.kvm}):
                return Value.of(f"SharedMountPoint://localhost/{path.lstrip('/')}")
            self.problem(pool, "protocol", f"pool {pool.name}: fibre channel is set up as PreSetup (XenServer) or "
                         "SharedMountPoint (KVM); this pool serves other hypervisors",
                         "use protocol presetup or sharedmountpoint with the datastore/mount point as path")
            return None
        if pool.server is None:
            self.problem(pool, "server", f"pool {pool.name} ({proto.value}) has no storage server", "set 'server:'")
            return None
        address = self.server_address(pool.server, preferred)
        if address is None:
            self.problem(pool, "server", f"storage server {pool.server} has no address the hosts can reach for pool "
                         f"{pool.name}", f"give {pool.server} an interface on the pod's storage or management network")
            return None
        if proto is PrimaryProtocol.nfs:
            return Value.of(f"nfs://{address}/{path.lstrip('/')}")
        if proto is PrimaryProtocol.iscsi:
            if path.count("/") < 1:
                self.problem(pool, "path", f"iSCSI pool {pool.name}: path must be '<target IQN>/<LUN>'",
                             "write it like 'iqn.2024-01.net.example:primary1/0'")
                return None
            return Value.of(f"iscsi://{address}/{path.lstrip('/')}")
        if proto is PrimaryProtocol.rbd:
            port = pool.monitor_port or CEPH_MONITOR_PORT
            return Value.of("rbd://", Secret(vault.RBD_USER.name), ":", Secret(vault.RBD_SECRET.name),
                            f"@{address}:{port}/{path.strip('/')}")
        # SMB (Hyper-V): the credentials ride in the URL query, as the UI sends them.
        return Value.of(f"cifs://{address}/{path.lstrip('/')}?user=", Secret(vault.SMB_USER.name), "&password=",
                        Secret(vault.SMB_PASSWORD.name))

    def image_store(self, zone: Zone, store: SecondaryStorage) -> ImageStoreSpec | None:
        pods = sorted(zone.pods, key=lambda p: p.id)
        preferred = [p.storage.network for p in pods if p.storage] + [p.management.network for p in pods]
        if store.protocol is SecondaryProtocol.s3:
            details = (("accesskey", Value.of(Secret(vault.S3_ACCESS_KEY.name))),
                       ("secretkey", Value.of(Secret(vault.S3_SECRET_KEY.name))),
                       ("bucket", Value.of(store.bucket)), ("endpoint", Value.of(store.endpoint)))
            if not store.bucket or not store.endpoint:
                self.problem(store, "bucket" if not store.bucket else "endpoint",
                             f"S3 secondary storage {store.name} needs a bucket and an endpoint", "set both")
                return None
            staging = None
            if store.staging is not None:
                at = self.server_address(store.staging.server, preferred)
                if at is None:
                    self.problem(store.staging, "server", f"storage server {store.staging.server} has no address "
                                 f"for the staging store of {store.name}", f"give {store.staging.server} an "
                                 "interface on the zone's storage or management network")
                    return None
                staging = Value.of(f"nfs://{at}/{store.staging.path.lstrip('/')}")
            return ImageStoreSpec(store.name, "S3", None, details, store, staging)
        if store.server is None:
            self.problem(store, "server", f"secondary storage {store.name} has no storage server", "set 'server:'")
            return None
        address = self.server_address(store.server, preferred)
        if address is None:
            self.problem(store, "server", f"storage server {store.server} has no address for secondary storage "
                         f"{store.name}", f"give {store.server} an interface on the zone's storage or management "
                         "network")
            return None
        path = store.path.lstrip("/")
        if store.protocol is SecondaryProtocol.nfs:
            return ImageStoreSpec(store.name, "NFS", Value.of(f"nfs://{address}/{path}"), (), store)
        url = Value.of(f"cifs://{address}/{path}?user=", Secret(vault.SMB_USER.name), "&password=",
                       Secret(vault.SMB_PASSWORD.name))
        return ImageStoreSpec(store.name, "SMB", url, (), store)
