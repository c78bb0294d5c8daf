"""Reviewing a design change: what a change means, compared by stable ids (``diff``), and the day-2
change that applies it to a deployed cloud (``change``: a ``ChangePlan``, rendered by ``change_render``)."""

from .diff import DeploymentDiff, Section, compare, facts
from .render import changes, render_json, render_markdown

__all__ = ["DeploymentDiff", "Section", "changes", "compare", "facts", "render_json", "render_markdown"]
