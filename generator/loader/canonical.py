"""The design in its canonical order: lists whose order carries no meaning sorted by name or id.

A design means the same whatever order its hosts, clusters, pods, zones, switches, servers,
networks or ranges are written in, so every later stage sees them in one order and the
artefacts are byte-identical after any reordering. Lists whose order does carry meaning (DNS
servers, a profile's NICs, the pairing of primary-storage networks and interfaces, ...) are
marked in the model with ``ordered`` (their schema description says so) and kept as written.

Where every object came from is kept: a sorted list remembers each item's place in the file.
"""

from __future__ import annotations

from enum import Enum
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from pydantic import BaseModel

from ..model.base import is_ordered
from ..model.topology import HostEntry, Pod


def _scalar_key(value: Any) -> tuple[Any, ...]:
    """A sort key for a scalar value; values of different kinds never compare with each other."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, Enum):
        return (2, str(value.value))
    if isinstance(value, int | float):
        return (3, value)
    if isinstance(value, IPv4Address):
        return (4, int(value))
    if isinstance(value, IPv4Network):
        return (4, int(value.network_address), value.prefixlen)
    if isinstance(value, str):
        return (5, value)
    first = getattr(value, "first", None)  # AddressRange, VlanRange
    if first is not None:
        return (6, *_scalar_key(first), *_scalar_key(getattr(value, "last", None)))
    return (7, str(value))


_PRIMARY = ("name", "type", "network", "range", "address")


def item_key(item: Any) -> tuple[Any, ...]:
    """Where an item goes in a sorted list: by id (hosts, pods), else name, type, network; then
    every other value, so two different items never tie."""
    if isinstance(item, BaseModel):
        first: tuple[Any, ...] = (item.id,) if isinstance(item, HostEntry | Pod) else ()
        primary = tuple(_scalar_key(getattr(item, f)) for f in _PRIMARY if f in type(item).model_fields)
        return (*first, *primary, item.model_dump_json())
    return _scalar_key(item)


def canonical(design: BaseModel, locs: dict[int, Any], perms: dict[int, list[int]]) -> Any:
    """``design`` with its unordered lists and mappings sorted.

    ``locs`` (object id → place in the file) gains the place of every new object; ``perms``
    gets, for each sorted list, the place in the file of each of its items.
    """
    return _canonical(design, locs, perms, ordered=False)


def _canonical(obj: Any, locs: dict[int, Any], perms: dict[int, list[int]], *, ordered: bool) -> Any:
    if isinstance(obj, BaseModel):
        changes = {}
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            new = _canonical(value, locs, perms, ordered=is_ordered(info))
            if new is not value:
                changes[name] = new
        if not changes:
            return obj
        return _keep(obj, obj.model_copy(update=changes), locs)
    if isinstance(obj, list):
        items = [_canonical(v, locs, perms, ordered=False) for v in obj]
        order = list(range(len(items))) if ordered else sorted(range(len(items)), key=lambda i: item_key(items[i]))
        if order == list(range(len(items))) and all(a is b for a, b in zip(items, obj, strict=True)):
            return obj
        new_list = [items[i] for i in order]
        perms[id(new_list)] = order
        return _keep(obj, new_list, locs)
    if isinstance(obj, dict):
        values = {k: _canonical(v, locs, perms, ordered=False) for k, v in obj.items()}
        keys = sorted(values, key=_scalar_key)
        if keys == list(obj) and all(values[k] is obj[k] for k in keys):
            return obj
        return _keep(obj, {k: values[k] for k in keys}, locs)
    return obj


def _keep(old: Any, new: Any, locs: dict[int, Any]) -> Any:
    if id(old) in locs:
        locs[id(new)] = locs[id(old)]
    return new
