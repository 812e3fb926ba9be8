"""The command line ``occlusion``: one module per command, no business logic."""
