"""Test-wide settings: nothing a test (or a notebook run by nbval) saves lands in the user's own data."""
import os
import tempfile

os.environ["WORKSHOP_DATA"] = tempfile.mkdtemp(prefix="workshop-test-data-")
# Tests decide who is signed in themselves (workshop.identity): not whoever runs them under a Hub.
for _name in ("JUPYTERHUB_USER", "WORKSHOP_USER"):
    os.environ.pop(_name, None)
