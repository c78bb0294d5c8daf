"""Shared building blocks of the design model: a strict base class and value types.

Value types parse from the strings people write in YAML (``10.0.0.10-10.0.0.50``,
``500-599``, ``4TB``, ``25G``) and serialise back to the same strings, so the
JSON Schema shows a string with a pattern and the expanded design reads like the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from ipaddress import IPv4Address, IPv4Network
from typing import Annotated, Any, ClassVar, TypeVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic.fields import FieldInfo
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

NAME_MAX = 63
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
NAME_RULE = f"1-{NAME_MAX} letters, digits, '.', '_' and '-', starting with a letter or digit"
NAME_HINT = f"{NAME_RULE} (e.g. 'ams1-p01-kvm01')"
# A host name, or a pattern in which {id} (or {id:02d}, zero-padded) stands for the host's number.
_ID_FIELD = r"\{id(?::0[1-9]d?|:d)?\}"
HOST_PATTERN = rf"^(?:[A-Za-z0-9]|{_ID_FIELD})(?:[A-Za-z0-9._-]|{_ID_FIELD})*$"
HOST_HINT = (f"a host name of {NAME_RULE}, in which {{id}} or {{id:02d}} stands for the host's number "
             "(e.g. 'ams1-kvm{id:02d}')")
# A traffic label: a bridge, a XenServer network name-label or a VMware 'vSwitch[,vlan[,type]]'.
LABEL_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._,-]*$"
_DNS_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
DOMAIN_PATTERN = rf"^(?:{_DNS_LABEL}(?:\.{_DNS_LABEL})*)?$"  # empty: no domain
INTERFACE_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]*$"

# A secret the installer supplies: '${NAME}', the environment variable the runbook and scripts read.
SECRET_PATTERN = r"^\$\{[A-Z][A-Z0-9_]{0,62}\}$"
# An NFS client of /etc/exports: '*', an IPv4 address or subnet, or a host name (of the design).
NFS_CLIENT_PATTERN = r"^(\*|[0-9]{1,3}(\.[0-9]{1,3}){3}(/[0-9]{1,2})?|[A-Za-z0-9][A-Za-z0-9.-]*)$"
# An export option: a word, or word=value (rw, sync, no_root_squash, sec=sys, fsid=1).
NFS_OPTION_PATTERN = r"^[a-z][a-z0-9_]*(=[A-Za-z0-9_:.-]+)?$"

# What a value matching each pattern is called, and what it looks like, for error messages.
PATTERN_HINTS = {
    NAME_PATTERN: ("a valid name", f"a name of {NAME_HINT}"),
    HOST_PATTERN: ("a valid host name or host name pattern", HOST_HINT),
    LABEL_PATTERN: ("a valid traffic label", "a label of letters, digits, '.', '_', '-' and ',' that starts with "
                    "a letter or digit, e.g. 'cloudbr1' or 'vSwitch1,,vmwaresvs'"),
    DOMAIN_PATTERN: ("a valid DNS domain", "a DNS domain such as 'cloud.example.net' (labels of letters, digits "
                     "and '-', joined by '.')"),
    SECRET_PATTERN: ("a secret placeholder", "a placeholder '${NAME}' naming the environment variable that holds "
                     "the secret (capital letters, digits and '_'), e.g. '${CEPH_CLOUDSTACK_KEY}'; the value stays "
                     "in your vault"),
    NFS_CLIENT_PATTERN: ("an NFS client", "'*', an IPv4 address, a subnet such as '10.0.0.0/24', or a host name"),
    NFS_OPTION_PATTERN: ("an export option", "an option word or word=value, e.g. 'rw', 'no_root_squash', 'sec=sys'"),
    INTERFACE_PATTERN: ("a valid interface name", "an interface name that starts with a letter, then letters, "
                        "digits, '.', '_' or '-'"),
}

Name = Annotated[
    str,
    Field(
        pattern=NAME_PATTERN,
        max_length=NAME_MAX,
        description=f"A name people say aloud: {NAME_RULE}.",
    ),
]
HostNamePattern = Annotated[
    str,
    Field(
        pattern=HOST_PATTERN,
        max_length=2 * NAME_MAX,  # the names it gives are held to NAME_MAX (HostEntry)
        description="Host name, or a pattern with {id} (or {id:02d}) for the host's number, e.g. "
        "'ams1-p01-kvm{id:02d}'; required when count > 1.",
    ),
]
Label = Annotated[str, Field(pattern=LABEL_PATTERN, max_length=NAME_MAX)]
DomainName = Annotated[str, Field(pattern=DOMAIN_PATTERN, max_length=253)]
InterfaceName = Annotated[
    str,
    Field(
        pattern=INTERFACE_PATTERN,
        max_length=15,
        description="An OS interface name (NIC, bond, VLAN interface): a letter first, then letters, digits, "
        "'.', '_' or '-'; at most 15 characters (the Linux limit).",
    ),
]


def _text(kind: str, example: str) -> BeforeValidator:
    """Accept only text: pydantic would otherwise read 5 or false as the address 0.0.0.5 / 0.0.0.0."""

    def check(value: Any) -> Any:
        if isinstance(value, (bool, int, float)):
            raise ValueError(f"expected {kind} written as text, like {example}")
        return value

    return BeforeValidator(check)


Address = Annotated[IPv4Address, _text("an IPv4 address", "10.0.0.1")]
Cidr = Annotated[IPv4Network, _text("a subnet in CIDR notation", "10.0.0.0/24")]

VlanId = Annotated[int, Field(ge=1, le=4094, description="802.1Q VLAN id (1-4094).")]


def _mentions(annotation: Any, kind: type) -> bool:
    return annotation is kind or any(_mentions(arg, kind) for arg in get_args(annotation))


@cache
def _boolean_problem(model: type[BaseModel], field: str) -> str | None:
    """What to say when YAML hands a boolean to ``model.field``; None when the field takes booleans."""
    info = model.model_fields.get(field)
    if info is None or _mentions(info.annotation, bool):
        return None
    return "a number" if _mentions(info.annotation, int) else "a name or text"


def design_problem(message: str, fix: str) -> PydanticCustomError:
    """A validation error whose finding says how to fix it (the loader shows ``fix`` after the message)."""
    return PydanticCustomError("design_value", message, {"fix": fix})


ORDERED: dict[str, Any] = {"x-ordered": True}
"""``json_schema_extra`` of a list whose order carries meaning: the loader keeps it as written. Every
other list (and every mapping) means the same in any order and is sorted by name or id when loaded."""


def is_ordered(info: FieldInfo) -> bool:
    """Whether the field's list keeps the order it is written in (see ``ORDERED``)."""
    extra = info.json_schema_extra
    return isinstance(extra, dict) and extra.get("x-ordered") is True


E = TypeVar("E", bound=Enum)


def explained(meanings: dict[str, str]) -> Callable[[type[E]], type[E]]:
    """An enum whose every value says what it means, in the JSON schema (``enumDescriptions``, which
    editors show beside each choice, and the description as a list) and the Guide's field reference."""

    def attach(enum: type[E]) -> type[E]:
        values = [str(member.value) for member in enum]
        if sorted(values) != sorted(meanings):
            raise ValueError(f"{enum.__name__}: meanings for {sorted(meanings)}, values are {sorted(values)}")
        summary = (enum.__doc__ or "").strip() if enum.__doc__ != Enum.__doc__ else ""

        def schema(cls: type[E], core: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
            data = handler(core)
            data["enumDescriptions"] = [meanings[v] for v in values]
            listed = "; ".join(f"'{v}': {meanings[v]}" for v in values)
            data["description"] = f"{summary} {listed}.".strip() if summary else f"{listed}."
            return data

        setattr(enum, "__get_pydantic_json_schema__", classmethod(schema))  # noqa: B010 (mypy: not declared on Enum)
        setattr(enum, "meanings", dict(meanings))  # noqa: B010
        return enum

    return attach


class StrictModel(BaseModel):
    """Base for every design object: unknown keys are errors, values are not coerced loosely."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_for_number(cls, value: Any, info: ValidationInfo) -> Any:
        """YAML reads true/false/yes/no/on/off as booleans, and pydantic would take true for the number 1."""
        if isinstance(value, bool) or (isinstance(value, list) and any(isinstance(v, bool) for v in value)):
            expected = _boolean_problem(cls, info.field_name or "")
            if expected:
                raise design_problem(
                    f"YAML reads true, false, yes, no, on and off as booleans, but this is {expected}",
                    "write the number" if expected == "a number" else "put the text in quotes, e.g. 'no' or 'on'")
        return value


class _StringType:
    """Mixin for value types written as one string in YAML."""

    pattern: ClassVar[str]
    example: ClassVar[str]
    description: ClassVar[str]

    @classmethod
    def parse(cls, text: str) -> Any:
        raise NotImplementedError

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> Any:
            if isinstance(value, cls):
                return value
            if isinstance(value, bool) or not isinstance(value, (str, int)):
                raise ValueError(f"expected a string like '{cls.example}'")
            return cls.parse(str(value).strip())

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": cls.pattern,
            "examples": [cls.example],
            "description": cls.description,
        }


@dataclass(frozen=True, order=True)
class AddressRange(_StringType):
    """An inclusive IPv4 range written ``first-last``."""

    first: IPv4Address
    last: IPv4Address

    pattern: ClassVar[str] = r"^\d+\.\d+\.\d+\.\d+\s*-\s*\d+\.\d+\.\d+\.\d+$"
    example: ClassVar[str] = "10.1.0.100-10.1.0.150"
    description: ClassVar[str] = "Inclusive IPv4 address range, written first-last."

    @classmethod
    def parse(cls, text: str) -> AddressRange:
        parts = [p.strip() for p in text.split("-")]
        if len(parts) != 2:
            raise ValueError(f"'{text}' is not a range: write it as first-last, e.g. '{cls.example}'")
        try:
            first, last = IPv4Address(parts[0]), IPv4Address(parts[1])
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a range of IPv4 addresses: {exc}") from None
        if last < first:
            raise ValueError(f"range '{text}' ends before it starts: write the lower address first")
        return cls(first, last)

    @property
    def size(self) -> int:
        return int(self.last) - int(self.first) + 1

    def __contains__(self, address: object) -> bool:
        return isinstance(address, IPv4Address) and self.first <= address <= self.last

    def overlaps(self, other: AddressRange) -> bool:
        return self.first <= other.last and other.first <= self.last

    def within(self, network: IPv4Network) -> bool:
        return self.first in network and self.last in network

    def __str__(self) -> str:
        return f"{self.first}-{self.last}"


@dataclass(frozen=True, order=True)
class VlanRange(_StringType):
    """An inclusive VLAN range written ``500-599`` (or one VLAN, ``42``)."""

    first: int
    last: int

    pattern: ClassVar[str] = r"^\d{1,4}(\s*-\s*\d{1,4})?$"
    example: ClassVar[str] = "500-599"
    description: ClassVar[str] = "Inclusive VLAN id range, written first-last (or a single id)."

    @classmethod
    def parse(cls, text: str) -> VlanRange:
        match = re.fullmatch(r"(\d{1,4})(?:\s*-\s*(\d{1,4}))?", text)
        if not match:
            raise ValueError(f"'{text}' is not a VLAN range: write it as first-last, e.g. '{cls.example}'")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        for vid in (first, last):
            if not 1 <= vid <= 4094:
                raise ValueError(f"VLAN {vid} in '{text}' is outside 1-4094")
        if last < first:
            raise ValueError(f"VLAN range '{text}' ends before it starts: write the lower id first")
        return cls(first, last)

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def __contains__(self, vlan: object) -> bool:
        return isinstance(vlan, int) and self.first <= vlan <= self.last

    def overlaps(self, other: VlanRange) -> bool:
        return self.first <= other.last and other.first <= self.last

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


VNI_MAX = 16_777_214  # 24-bit VXLAN network identifiers; CloudStack accepts 1-16777214


@dataclass(frozen=True, order=True)
class VniRange(_StringType):
    """An inclusive VXLAN VNI range written ``5000-5999`` (or one VNI): VXLAN physical networks' guest range."""

    first: int
    last: int

    pattern: ClassVar[str] = r"^\d{1,8}(\s*-\s*\d{1,8})?$"
    example: ClassVar[str] = "5000-5999"
    description: ClassVar[str] = f"Inclusive VXLAN VNI range (1-{VNI_MAX}), written first-last (or a single VNI)."

    @classmethod
    def parse(cls, text: str) -> VniRange:
        match = re.fullmatch(r"(\d{1,8})(?:\s*-\s*(\d{1,8}))?", text)
        if not match:
            raise ValueError(f"'{text}' is not a VNI range: write it as first-last, e.g. '{cls.example}'")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        for vni in (first, last):
            if not 1 <= vni <= VNI_MAX:
                raise ValueError(f"VNI {vni} in '{text}' is outside 1-{VNI_MAX}")
        if last < first:
            raise ValueError(f"VNI range '{text}' ends before it starts: write the lower VNI first")
        return cls(first, last)

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def overlaps(self, other: VniRange) -> bool:
        return self.first <= other.last and other.first <= self.last

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


_SIZE_UNITS = {"GB": 10**9, "TB": 10**12, "PB": 10**15, "GIB": 2**30, "TIB": 2**40, "PIB": 2**50}


@dataclass(frozen=True, order=True)
class Size(_StringType):
    """A storage size with an explicit unit: ``500GB``, ``4TB``, ``2TiB``."""

    bytes: int
    text: str

    pattern: ClassVar[str] = r"^\d+(\.\d+)?\s*([GTP]i?B)$"
    example: ClassVar[str] = "4TB"
    description: ClassVar[str] = "Storage size with a unit: GB, TB, PB (decimal) or GiB, TiB, PiB."

    @classmethod
    def parse(cls, text: str) -> Size:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([GTPgtp][iI]?[Bb])", text)
        if not match:
            raise ValueError(f"'{text}' is not a size: give a number and a unit, e.g. '{cls.example}'")
        unit = match.group(2).upper()
        return cls(int(float(match.group(1)) * _SIZE_UNITS[unit]), text.replace(" ", ""))

    @property
    def terabytes(self) -> float:
        return self.bytes / 10**12

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, order=True)
class Speed(_StringType):
    """A link speed: ``1G``, ``10G``, ``25G``, ``100G``."""

    gbps: int

    pattern: ClassVar[str] = r"^\d+G$"
    example: ClassVar[str] = "25G"
    description: ClassVar[str] = "Link speed in Gbit/s, written like 10G."

    @classmethod
    def parse(cls, text: str) -> Speed:
        match = re.fullmatch(r"(\d+)\s*[Gg]", text)
        if not match or int(match.group(1)) == 0:
            raise ValueError(f"'{text}' is not a link speed: write it like '{cls.example}'")
        return cls(int(match.group(1)))

    def __str__(self) -> str:
        return f"{self.gbps}G"
