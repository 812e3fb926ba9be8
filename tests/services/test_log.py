from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from occlusion.errors import StoreError
from occlusion.services.log import open_log


def test_open_log_uses_the_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OCCLUSION_DATABASE_URL", raising=False)
    monkeypatch.setenv("OCCLUSION_DATA_DIR", str(tmp_path))
    open_log().close()
    assert (tmp_path / "occlusion.db").exists()


def test_missing_store_extra_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    real_import = builtins.__import__

    def without_sqlalchemy(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("sqlalchemy"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "occlusion.store.engine", raising=False)
    monkeypatch.setattr(builtins, "__import__", without_sqlalchemy)
    with pytest.raises(StoreError, match=r"occlusion\[store\]"):
        open_log("sqlite://")


def test_services_refuse_to_load_without_the_store_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import importlib.util
    import sys

    import occlusion.services

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec",
        lambda name, *args: None if name == "alembic" else real_find_spec(name, *args),
    )
    monkeypatch.setitem(sys.modules, "occlusion.services", occlusion.services)
    with pytest.raises(StoreError, match=r"alembic is missing"):
        importlib.reload(occlusion.services)
