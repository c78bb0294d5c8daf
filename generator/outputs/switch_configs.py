"""Switch configurations: one file per switch (``configs/<switch>.cfg``) and the page that shows them.

The page and the files render from the same structured configuration
(``generator/switch_configs``), so the summary tables and the configuration text agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..artefacts import Artefact, Kind
from ..deployment import Deployment
from ..switch_configs import SwitchConfig, config_text, switch_configs
from ..templating import render

LANGUAGE = {"cisco_nxos": "text", "cisco_iosxe": "text", "arista_eos": "text", "juniper_junos": "text"}


@dataclass(frozen=True)
class ConfigSection:
    config: SwitchConfig
    text: str
    file: str
    language: str


def configs(deployment: Deployment) -> list[ConfigSection]:
    views = switch_configs(deployment.design, deployment.inventory, deployment.port_plan, deployment.address_plan)
    return [ConfigSection(v, config_text(v, deployment.loaded.path), f"configs/{v.name}.cfg",
                          LANGUAGE.get(v.platform.key, "text")) for v in views]


@dataclass(frozen=True)
class PlatformGroup:
    title: str
    sections: list[ConfigSection]


def by_platform(sections: list[ConfigSection]) -> list[PlatformGroup]:
    """Sections grouped by platform (shown as content tabs when there are several)."""
    titles = sorted({s.config.platform.title for s in sections})
    return [PlatformGroup(t, [s for s in sections if s.config.platform.title == t]) for t in titles]


def produce(deployment: Deployment) -> list[Artefact]:
    sections = configs(deployment)
    if not sections:
        return []
    page = render("switch/switch-configs.md.j2", title=deployment.title, sections=sections,
                  groups=by_platform(sections), devices=deployment.device_names)
    return [Artefact("switch-configs.md", page, Kind.page, "Switch configurations", order=50),
            *(Artefact(s.file, s.text) for s in sections)]
