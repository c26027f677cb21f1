"""docgen's benchmark (not tests): ``.venv/bin/python -m bench [--quick]`` from the repository root.

One module per kind of comparison: cold.py (fresh processes), warm.py (in-process), archive_speed.py
(the archive); table.py turns their figures into docs/benchmarks.md.
"""
