"""Shared helpers for DeepTrace's process-level tests (API, worker, end to end).

Everything here uses the standard library only. The fixtures in
tests/conftest.py wire these helpers together; other test packages can import
them directly (``from support.http import ApiClient``).
"""
