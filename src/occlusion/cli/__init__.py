"""cli layer of Occlusion (see DESIGN.md)."""
