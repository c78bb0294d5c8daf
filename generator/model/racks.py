"""Racks, and where a device sits in one: the rack elevation, power budget and cable lengths read them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import Name, StrictModel

RACK_HEIGHT_MAX = 60


class Rack(StrictModel):
    """A rack of a site (and, optionally, of one pod): devices are placed in it by rack unit (U 1 at the bottom)."""

    name: Name = Field(description="Rack name as written on the rack, e.g. 'ams1-f01'; cable labels and the "
                       "elevation drawings use it.")
    site: Name = Field(description="Data centre (from 'sites') the rack stands in.")
    pod: Name | None = Field(
        default=None,
        description="Pod whose hosts fill this rack when they name no rack: they take the pod's racks in name "
        "order, each from the bottom up. Left out: only devices that name the rack are placed in it.",
    )
    height: int = Field(default=42, ge=1, le=RACK_HEIGHT_MAX, description="Usable height in rack units (U).")
    power_budget_watts: int | None = Field(
        default=None, ge=1,
        description="Power the rack's feeds may deliver, in watts; the devices' 'power_watts' in the rack must "
        "stay within it (RACK-POWER-OVER-BUDGET). Left out: not checked.",
    )


def rack_field() -> Any:
    """The ``rack`` field of a rack-mounted device."""
    return Field(
        default=None,
        description="Rack (from 'racks') the device is mounted in. Left out: hosts take their pod's racks; other "
        "devices are not drawn in any rack.",
    )


def position_field() -> Any:
    """The ``position`` field of a rack-mounted device."""
    return Field(
        default=None, ge=1, le=RACK_HEIGHT_MAX,
        description="Lowest rack unit (U, 1 at the bottom) the device occupies. Left out: switches go to the top "
        "of the rack, hosts and servers fill it from the bottom, each in the first free units that hold it.",
    )


def rack_units_field() -> Any:
    return Field(default=1, ge=1, le=RACK_HEIGHT_MAX, description="Height of the device in rack units (U).")


def power_field() -> Any:
    return Field(
        default=None, ge=0,
        description="Typical power draw in watts, counted against its rack's 'power_budget_watts' and in the "
        "bill of materials.",
    )
