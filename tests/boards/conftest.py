"""Put the Pico W board layer on the import path, as it sits on the board's file system."""

from __future__ import annotations

import sys
from pathlib import Path

BOARD = Path(__file__).resolve().parents[2] / "boards" / "pico_w"
if str(BOARD) not in sys.path:
    sys.path.insert(0, str(BOARD))
