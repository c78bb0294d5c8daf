"""Pools: free addresses in order, around what is taken; block sizes."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from generator.model import AddressRange
from generator.plan.pools import Pool, block_size, usable_bounds, usable_count


def test_pool_skips_taken_addresses_and_ranges() -> None:
    pool = Pool(IPv4Network("10.0.0.0/28"), [IPv4Address("10.0.0.1"), AddressRange.parse("10.0.0.4-10.0.0.6")])
    assert pool.size == 14 - 4
    assert [str(pool.at(i)) for i in range(pool.size)] == [
        "10.0.0.2", "10.0.0.3", "10.0.0.7", "10.0.0.8", "10.0.0.9", "10.0.0.10", "10.0.0.11", "10.0.0.12",
        "10.0.0.13", "10.0.0.14"]
    assert pool.at(pool.size) is None
    assert pool.at(-1) is None


def test_index_from_counts_free_addresses_below() -> None:
    pool = Pool(IPv4Network("10.0.0.0/28"), [AddressRange.parse("10.0.0.4-10.0.0.6")])
    assert pool.index_from(int(IPv4Address("10.0.0.0"))) == 0
    assert pool.index_from(int(IPv4Address("10.0.0.4"))) == 3  # .1 .2 .3 lie below
    assert pool.index_from(int(IPv4Address("10.0.0.7"))) == 3
    assert pool.at(pool.index_from(int(IPv4Address("10.0.0.5")))) == IPv4Address("10.0.0.7")
    assert pool.index_from(int(IPv4Address("10.0.0.200"))) == pool.size


def test_taken_outside_the_network_is_ignored() -> None:
    pool = Pool(IPv4Network("10.0.0.0/30"), [IPv4Address("192.0.2.1")])
    assert pool.size == 2


def test_small_networks_have_no_network_or_broadcast_address() -> None:
    assert usable_count(IPv4Network("10.0.0.0/24")) == 254
    assert usable_count(IPv4Network("10.0.0.0/31")) == 2
    assert usable_count(IPv4Network("10.0.0.5/32")) == 1
    assert usable_bounds(IPv4Network("10.0.0.0/30")) == (int(IPv4Address("10.0.0.1")), int(IPv4Address("10.0.0.2")))


def test_block_sizes_are_powers_of_two_from_four() -> None:
    assert [block_size(n) for n in (0, 1, 4, 5, 8, 9, 17)] == [4, 4, 4, 8, 8, 16, 32]
    assert block_size(3, minimum=2) == 4
