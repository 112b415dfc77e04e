"""Lighthouse mobile behind `make lighthouse` (tests/lighthouse/run.py, docs/lighthouse.md).

No test module here: pytest (CI) never collects it; it starts a server and takes minutes.
"""
