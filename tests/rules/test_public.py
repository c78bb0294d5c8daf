"""Public traffic and ranges (generator/rules/public.py)."""

from __future__ import annotations

import pytest

from tests.rules.kit import Case, Data, check_fires, check_quiet, pnet, zone


def no_public_traffic(d: Data) -> None:
    p = pnet(d, "public")
    p["traffic"] = [t for t in p["traffic"] if t["type"] != "public"]


def no_public_ranges(d: Data) -> None:
    del zone(d)["public_ranges"]


def sg_zone_with_public(d: Data) -> None:
    zone(d)["security_groups"] = True


def sg_zone_without_public(d: Data) -> None:
    sg_zone_with_public(d)
    no_public_ranges(d)
    no_public_traffic(d)


def routers(count: int):  # type: ignore[no-untyped-def]
    def planned(d: Data) -> None:
        zone(d)["planned_routers"] = count  # the base pool 192.168.100.10-99 holds 90

    planned.__name__ = f"planned_routers_{count}"
    return planned


CASES = [
    Case("PUBLIC-TRAFFIC-MISSING", no_public_traffic, ("lab-z1", "public traffic", "1 public range(s)")),
    Case("PUBLIC-RANGES-MISSING", no_public_ranges, ("lab-z1",)),
    Case("PUBLIC-RANGES-NOT-ALLOWED", sg_zone_with_public, ("security-group zone lab-z1",), sg_zone_without_public),
    Case("PUBLIC-POOL-SMALL", routers(89), ("lab-z1", "90 public address(es)", "needs 91"), routers(88),
         at="network: lab-public"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_fires(case: Case) -> None:
    check_fires(case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_quiet(case: Case) -> None:
    check_quiet(case)
