"""Address pools: the free addresses of one network, numbered so that an index is a stable key.

A pool is the network's usable addresses (no network or broadcast address) minus everything
that is spoken for before the planner starts: the gateway, every address the design gives
explicitly and every range handed to CloudStack. Those depend only on the design, never on
which devices the planner places, so ``pool.at(i)`` is the same address whatever else is
allocated — the AVD idea, address = pool[offset + id].
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network

import netaddr

from ..model import AddressRange


def usable_bounds(cidr: IPv4Network) -> tuple[int, int]:
    """First and last assignable address as integers (/31 and /32 have no network/broadcast)."""
    first, last = int(cidr.network_address), int(cidr.broadcast_address)
    if cidr.prefixlen <= 30:
        return first + 1, last - 1
    return first, last


def usable_count(cidr: IPv4Network) -> int:
    first, last = usable_bounds(cidr)
    return last - first + 1


class Pool:
    """The free addresses of ``cidr`` once ``taken`` addresses and ranges are left out, in order."""

    def __init__(self, cidr: IPv4Network, taken: Iterable[IPv4Address | AddressRange | netaddr.IPRange]) -> None:
        self.cidr = cidr
        first, last = usable_bounds(cidr)
        free = netaddr.IPSet(netaddr.IPRange(first, last))
        out = netaddr.IPSet()
        for item in taken:
            if isinstance(item, IPv4Address):
                out.add(int(item))
            else:
                out.add(netaddr.IPRange(int(item.first), int(item.last)))
        free -= out
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._before: list[int] = []  # pool addresses in the runs before this one
        count = 0
        for run in free.iter_ipranges():
            self._starts.append(int(run.first))
            self._ends.append(int(run.last))
            self._before.append(count)
            count += int(run.last) - int(run.first) + 1
        self.size = count

    def at(self, index: int) -> IPv4Address | None:
        """The ``index``-th free address (from 0), or None when the pool has fewer."""
        if index < 0 or index >= self.size:
            return None
        run = bisect_right(self._before, index) - 1
        return IPv4Address(self._starts[run] + index - self._before[run])

    def index_from(self, address: int) -> int:
        """How many free addresses lie below ``address``: the index of the first one at or above it."""
        run = bisect_right(self._starts, address) - 1
        if run < 0:
            return 0
        return self._before[run] + min(address, self._ends[run] + 1) - self._starts[run]


def block_size(needed: int, minimum: int = 4) -> int:
    """Slots of a device-class block: a power of two, so it grows rarely as devices are added."""
    size = minimum
    while size < needed:
        size *= 2
    return size
