"""The production rehearsal behind `make prod-check` (tests/prod/rehearsal.py).

No test module here: pytest (CI) never collects the rehearsal, which starts servers.
"""
