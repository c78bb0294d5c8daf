"""Render a switch's structured configuration with its platform's template."""

from __future__ import annotations

from ..templating import render
from .config import STP_REGION, SwitchConfig


def config_text(config: SwitchConfig, source: str) -> str:
    """The configuration of one switch, as its CLI accepts it (``source``: the design file, for the header)."""
    return render(f"switch/{config.platform.key}/config.j2", cfg=config, source=source, stp_region=STP_REGION)
