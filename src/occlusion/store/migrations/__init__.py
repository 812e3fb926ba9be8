"""Alembic migrations of the training log, shipped inside the package."""
