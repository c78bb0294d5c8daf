"""The validator: a catalogue of CloudStack design rules.

Importing this package registers every rule module.
"""

from . import references  # noqa: F401  (registers rules)
from .catalogue import RULES, Phase, Rule
from .engine import validate

__all__ = ["RULES", "Phase", "Rule", "validate"]
