"""Test-wide settings: nothing a test (or a notebook run by nbval) saves lands in the user's own data."""
import os
import tempfile

os.environ["WORKSHOP_DATA"] = tempfile.mkdtemp(prefix="workshop-test-data-")
