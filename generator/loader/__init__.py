"""Reading design files: YAML with positions, then the typed model."""

from .load import LoadedDesign, discover, load_design

__all__ = ["LoadedDesign", "discover", "load_design"]
