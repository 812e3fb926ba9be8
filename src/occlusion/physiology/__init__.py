"""physiology layer of Occlusion (see DESIGN.md)."""
