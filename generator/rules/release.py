"""The target CloudStack release: one stackplan has the facts of (generator/data/releases.yml)."""

from __future__ import annotations

from collections.abc import Iterator

from ..data.releases import release, release_key, releases
from .catalogue import WARNING, rule
from .context import Context, Issue


@rule("RELEASE-UNKNOWN", WARNING, "The design targets a CloudStack release stackplan has the facts of",
      "Install facts (docs conf.py, _global.rst): each CloudStack release ships its own system VM templates "
      "(systemvmtemplate-<release>.0, download.cloudstack.org/systemvm/<release>/), and zone features arrive "
      "with a release (CloudStack 4.20: ROUTED networks, ASN ranges, BGP peers; 4.23, unreleased: on-demand "
      "template download). generator/data/releases.yml holds these per release; for another release the "
      "runbook's templates and steps may not match.")
def release_known(ctx: Context) -> Iterator[Issue]:
    version = ctx.design.deployment.cloudstack_version
    found = release(version)
    known = ", ".join(sorted(releases()))
    if found is None:
        yield Issue(ctx.design.deployment, "cloudstack_version", f"CloudStack {version}: stackplan has the facts "
                    f"of {known}, not of {release_key(version)}", f"target one of {known}, or add the release "
                    "to generator/data/releases.yml")
    elif not found.released:
        yield Issue(ctx.design.deployment, "cloudstack_version", f"CloudStack {found.key} is not released yet: its "
                    "packages and system VM templates may not exist", f"target a released version "
                    f"({', '.join(k for k, r in sorted(releases().items()) if r.released)}) until it is")
