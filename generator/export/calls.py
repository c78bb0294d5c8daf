"""One CloudStack API call as data: what the zone script sends, before it becomes bash.

A parameter value is a sequence of parts: literal text, a reference to an id captured from an
earlier response (``Ref``), or a secret the installer supplies from their vault (``Secret``).
Keeping the parts apart lets the checker see literal values (addresses, names) and lets every
renderer put secrets in as placeholders, never as values.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Ref:
    """The id captured from an earlier call into a shell variable."""

    var: str


@dataclass(frozen=True, order=True)
class Secret:
    """A value the installer exports from their vault before running the script."""

    var: str


Part = str | Ref | Secret


@dataclass(frozen=True)
class Value:
    parts: tuple[Part, ...]

    @classmethod
    def of(cls, *parts: Part) -> Value:
        return cls(tuple(p for p in parts if p != ""))

    @property
    def literal(self) -> str | None:
        """The value when it is plain text, else None."""
        if all(isinstance(p, str) for p in self.parts):
            return "".join(p for p in self.parts if isinstance(p, str))
        return None

    @property
    def refs(self) -> list[str]:
        return [p.var for p in self.parts if isinstance(p, Ref)]

    @property
    def secrets(self) -> list[str]:
        return [p.var for p in self.parts if isinstance(p, Secret)]


ParamInput = str | int | bool | Ref | Secret | Value


def as_value(raw: ParamInput) -> Value:
    if isinstance(raw, Value):
        return raw
    if isinstance(raw, bool):
        return Value(("true" if raw else "false",))
    if isinstance(raw, (Ref, Secret)):
        return Value((raw,))
    return Value((str(raw),))


@dataclass(frozen=True)
class Lookup:
    """How a create call first finds what an earlier run made: the list call to send, and the field
    of a listed object that must equal ``value`` (a name, a start address, a traffic type)."""

    api: str
    params: tuple[tuple[str, Value], ...]
    field: str
    value: str


@dataclass(frozen=True)
class ApiCall:
    """One API call of the zone script.

    ``capture`` names the shell variable that receives the id in the response. ``zone`` is the
    zone the call belongs to ("" for deployment-wide calls such as global settings); ``origin``
    is the design object (and field) the call comes from, so a problem points at the design.
    """

    api: str
    params: tuple[tuple[str, Value], ...]
    capture: str | None = None
    comment: str = ""
    zone: str = ""
    heading: str = ""
    wait_count: int | None = None  # a list call polled until it returns this many items
    lookup: Lookup | None = None  # creates: reuse what the list call finds, so a second run creates nothing
    origin: tuple[object, str | int | None] = field(default=(None, None), compare=False)

    def get(self, name: str) -> Value | None:
        return next((v for k, v in self.params if k == name), None)

    def text(self, name: str) -> str | None:
        value = self.get(name)
        return value.literal if value is not None else None

    @property
    def names(self) -> list[str]:
        return [k for k, _ in self.params]


def call(api: str, params: dict[str, ParamInput | None], *, capture: str | None = None, comment: str = "",
         zone: str = "", heading: str = "", wait_count: int | None = None,
         origin: tuple[object, str | int | None] = (None, None)) -> ApiCall:
    """Build a call; parameters whose value is None or "" are left out."""
    kept = tuple((k, as_value(v)) for k, v in params.items() if v is not None and v != "")
    return ApiCall(api, kept, capture, comment, zone, heading, wait_count, lookup_for(api, kept), origin)


# create API → (list API, parameters of the create the list call is scoped by (and the name it is
# filtered by), the create's parameter holding the value to find, the listed objects' field for it)
LOOKUPS: dict[str, tuple[str, tuple[tuple[str, str], ...], str, str]] = {
    "createZone": ("listZones", (("name", "name"),), "name", "name"),
    "createPhysicalNetwork": ("listPhysicalNetworks", (("zoneid", "zoneid"), ("name", "name")), "name", "name"),
    "addTrafficType": ("listTrafficTypes", (("physicalnetworkid", "physicalnetworkid"),), "traffictype",
                       "traffictype"),
    "createPod": ("listPods", (("zoneid", "zoneid"), ("name", "name")), "name", "name"),
    "createVlanIpRange": ("listVlanIpRanges", (("zoneid", "zoneid"), ("podid", "podid")), "startip", "startip"),
    "createStorageNetworkIpRange": ("listStorageNetworkIpRange", (("podid", "podid"),), "startip", "startip"),
    "addVmwareDc": ("listVmwareDcs", (("zoneid", "zoneid"),), "name", "name"),
    "addCluster": ("listClusters", (("podid", "podid"), ("name", "clustername")), "clustername", "name"),
    "addHost": ("listHosts", (("clusterid", "clusterid"),), "url", "ipaddress"),
    "createStoragePool": ("listStoragePools", (("zoneid", "zoneid"), ("clusterid", "clusterid"), ("name", "name")),
                          "name", "name"),
    "addImageStore": ("listImageStores", (("name", "name"),), "name", "name"),
    "createNetwork": ("listNetworks", (("zoneid", "zoneid"), ("name", "name")), "name", "name"),
}


def lookup_for(api: str, params: tuple[tuple[str, Value], ...]) -> Lookup | None:
    """The lookup of a create call (None for calls that are safe to repeat, such as updates)."""
    rule = LOOKUPS.get(api)
    if rule is None:
        return None
    list_api, scope, source, field_name = rule
    given = dict(params)
    value = given[source].literal if source in given else None
    if value is None:
        return None
    if api == "addHost":
        value = value.removeprefix("http://")
    list_params = tuple((name, given[src]) for name, src in scope if src in given)
    return Lookup(list_api, list_params, field_name, value)
