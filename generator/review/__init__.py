"""Reviewing a design change: what a change means, compared by stable ids (``diff``)."""

from .diff import DeploymentDiff, Section, compare, facts
from .render import changes, render_json, render_markdown

__all__ = ["DeploymentDiff", "Section", "changes", "compare", "facts", "render_json", "render_markdown"]
