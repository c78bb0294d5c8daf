"""Planners: addresses and VLANs (``plan_addresses``), from a design and its inventory."""

from .addresses import plan_addresses

__all__ = ["plan_addresses"]
