#!/usr/bin/env python
"""Developer entry point; operators use the installed `tdkt` command (same thing)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from tdkt.cli import main

main()
