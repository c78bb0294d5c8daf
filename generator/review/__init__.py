"""Reviewing a design change: what a change means, compared by stable ids (``diff``)."""

from .diff import DeploymentDiff, Section, compare, facts
from .render import render_json, render_markdown

__all__ = ["DeploymentDiff", "Section", "compare", "facts", "render_json", "render_markdown"]
