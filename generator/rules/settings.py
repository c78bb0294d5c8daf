"""Global settings the design sets: known names, values of the right type, valid CIDR lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import get_close_matches
from ipaddress import IPv4Network

from ..secret_words import secret_name, secret_setting
from .catalogue import ERROR, rule
from .context import Context, Issue
from .walk import settings_catalogue

INTERNAL_SITES = "secstorage.allowed.internal.sites"
LB_ALGORITHM = "indirect.agent.lb.algorithm"
# Values CloudStack accepts for settings whose description lists them.
CHOICES: dict[str, tuple[str, ...]] = {
    LB_ALGORITHM: ("static", "roundrobin", "shuffle"),
}
_INTEGER = re.compile(r"^[+-]?\d+$")


@rule("SETTING-UNKNOWN", ERROR, "Settings are CloudStack global settings",
      "CloudStack updateConfiguration refuses a name that is not a configuration key; the list is CloudStack "
      "4.22's global settings (generator/data/cloudstack-settings.json).")
def unknown(ctx: Context) -> Iterator[Issue]:
    known = settings_catalogue()
    for name in ctx.design.settings:
        if name not in known:
            close = get_close_matches(name, sorted(known), n=1, cutoff=0.75)
            fix = f"did you mean '{close[0]}'?" if close else "check the name in CloudStack's global settings"
            yield Issue(ctx.design.settings, name, f"'{name}' is not a CloudStack global setting", fix)


def _type_problem(value: object, kind: str, default: object) -> str | None:
    """What is wrong with ``value`` for a setting of CloudStack type ``kind`` (None when it fits)."""
    text = str(value).strip().lower()
    if kind == "Boolean" or (kind == "String" and str(default).lower() in ("true", "false")):
        if isinstance(value, bool) or text in ("true", "false"):
            return None
        return "true or false"
    if kind in ("Integer", "Long"):
        if (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, str)
                                                                          and _INTEGER.match(text)):
            return None
        return "a whole number"
    if kind in ("Float", "Double"):
        if isinstance(value, bool):
            return "a number"
        try:
            float(text)
        except ValueError:
            return "a number"
        return None
    return None


@rule("SETTING-TYPE", ERROR, "Setting values have the setting's type",
      "CloudStack global settings are typed (Boolean, Integer, Long, Float, Double, String) and "
      "updateConfiguration refuses a value that does not parse as the type.")
def value_type(ctx: Context) -> Iterator[Issue]:
    known = settings_catalogue()
    for name, value in ctx.design.settings.items():
        meta = known.get(name)
        if meta is None:
            continue
        kind = str(meta.get("type", "String"))
        want = _type_problem(value, kind, meta.get("default"))
        # a value that may be a secret is never echoed (findings are published on the validation page)
        given = "a value (not shown: the name says secret)" if secret_setting(name) or secret_name(name) \
            else repr(value)
        if want:
            shown = "true or false" if want == "true or false" else kind
            yield Issue(ctx.design.settings, name, f"setting {name} takes {shown}, but the design gives "
                        f"{given}", f"write {want}")
        choices = CHOICES.get(name)
        if choices and str(value) not in choices:
            yield Issue(ctx.design.settings, name, f"setting {name} is {given}; CloudStack accepts "
                        f"{', '.join(choices)}", f"use one of {', '.join(choices)}")


@rule("SETTING-INTERNAL-SITES", ERROR, "secstorage.allowed.internal.sites is a list of valid CIDRs",
      "Field mistake #18 (apache/cloudstack#9530): an invalid CIDR in secstorage.allowed.internal.sites leaves "
      "uploads stuck and the SSVM failing to add routes; the setting's description rules out 0.0.0.0.")
def internal_sites(ctx: Context) -> Iterator[Issue]:
    value = ctx.design.settings.get(INTERNAL_SITES)
    if value is None:
        return
    for item in (part.strip() for part in str(value).split(",")):
        problem = ""
        if not item:
            problem = "is empty (a stray comma)"
        elif "/" not in item:
            problem = "has no prefix length"
        else:
            try:
                net = IPv4Network(item, strict=False)
            except ValueError:
                problem = "is not an IPv4 CIDR"
            else:
                if net.network_address == IPv4Network("0.0.0.0/32").network_address:
                    problem = "is 0.0.0.0, which the setting does not accept"
                elif str(net) != item:
                    problem = f"has host bits set (the network is {net})"
        if problem:
            yield Issue(ctx.design.settings, INTERNAL_SITES, f"'{item}' in {INTERNAL_SITES} {problem}",
                        "list subnets as CIDRs separated by commas, e.g. '10.0.0.0/8,192.168.10.0/24'")
