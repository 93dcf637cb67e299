"""JupyterHub for a team: everyone logs in, gets their own server, and lands in the workshop app.

    jupyterhub -f docs/jupyterhub_config.py

Read with the README's "JupyterHub" section. tests/browser/test_jupyterhub.py starts a real Hub
with this file (only the authenticator, the spawner and the address are swapped for test ones
on the command line), logs two users in with Chromium and checks their sessions in the store.

Settings come from the environment of the `jupyterhub` process, so this file is used as it is:

    WORKSHOP_CONFIG        the team's app configuration (roles, teams, rule packs…); default: the shipped one
    WORKSHOP_SESSIONS_URL  the shared store every user's server saves into: postgresql://… for a team
                           (keep the password here, not in a file); default: each user's own SQLite
    WORKSHOP_HUB_STATE     where the Hub keeps its database, cookie secret and proxy token (/srv/jupyterhub)
    WORKSHOP_HUB_URL       the address people open (http://127.0.0.1:8000: put TLS in front, or set https)
    WORKSHOP_IDLE_TIMEOUT  seconds after which an idle user's server is stopped (3600)
    WORKSHOP_HUB_USERS, WORKSHOP_HUB_ADMINS   who may log in, and who administers (comma-separated names)
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from workshop.resources import data_dir
from workshop.serve import app_files, offline_template

c = get_config()  # noqa: F821 - JupyterHub's config loader defines it

state = Path(os.environ.get("WORKSHOP_HUB_STATE", "/srv/jupyterhub"))
state.mkdir(parents=True, exist_ok=True, mode=0o700)
notebook, _folder = app_files()
idle = int(os.environ.get("WORKSHOP_IDLE_TIMEOUT", "3600"))

# ---------------------------------------------------------------- the Hub itself
c.JupyterHub.bind_url = os.environ.get("WORKSHOP_HUB_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_ip = "127.0.0.1"  # the Hub's API: only the proxy and the users' servers on this machine
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(state / "jupyterhub-proxy.pid")
# The proxy from the project's own set-up (make setup: npm install in proxy/), else one on PATH.
_checkout_proxy = Path(__file__).resolve().parent.parent / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
_proxy = os.environ.get("WORKSHOP_HUB_PROXY") or (str(_checkout_proxy) if _checkout_proxy.exists()
                                                  else shutil.which("configurable-http-proxy"))
if _proxy:
    c.ConfigurableHTTPProxy.command = [_proxy]

# Who logs in: PAM (the server's own accounts) by default. A team with single sign-on uses an
# OAuthenticator (pip install oauthenticator): c.JupyterHub.authenticator_class = "generic-oauth".
# Only the people listed log in (user names, comma-separated); admins manage users and groups in
# the Hub's /hub/admin page. Hub groups give roles: WORKSHOP_CONFIG's `roles:` names the groups of
# leads and trainers (README "Roles and the team view").
c.Authenticator.allowed_users = set(filter(None, os.environ.get("WORKSHOP_HUB_USERS", "").split(",")))
c.Authenticator.admin_users = set(filter(None, os.environ.get("WORKSHOP_HUB_ADMINS", "").split(",")))
# The Hub's login page says what it is, in both languages.
c.JupyterHub.template_vars = {
    "announcement_login": "Taller de reescritura: entre con su usuario del equipo. · "
                          "Rewrite workshop: log in with your team account.",
}

# ---------------------------------------------------------------- each user's server: the app, nothing else
# Each user's server runs with the Hub's own Python, where the workshop is installed (a container
# spawner would use its image's instead: drop this line).
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(notebook.parent)
c.Spawner.default_url = f"/voila/render/{notebook.name}"  # /user/NAME/voila/render/workshop.ipynb
template_args, template_env = offline_template()
c.Spawner.args = [
    # The app as `workshop serve` shows it: the offline template, no traceback, no source, fixed theme.
    *template_args,
    "--VoilaConfiguration.show_tracebacks=False",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaConfiguration.allow_template_override=NO",
    "--VoilaConfiguration.allow_theme_override=NO",
    "--VoilaConfiguration.file_allowlist=[]",
    "--ServerApp.terminals_enabled=False",
    # Idle kernels (closed tabs) are shut down; an idle server stops itself too (the culler below
    # also stops it from the Hub's side).
    f"--MappingKernelManager.cull_idle_timeout={idle}",
    "--MappingKernelManager.cull_interval=60",
    f"--ServerApp.shutdown_no_activity_timeout={idle}",
]
_environment = {
    "WORKSHOP_CONFIG": os.environ.get("WORKSHOP_CONFIG", ""), **template_env,
    # What a command line cannot say (data/jupyter/hub/jupyter_server_config.json): only the Voilà
    # extension (no JupyterLab, notebook or terminals: less to start, less to reach), the security
    # headers of `workshop serve`, and no MathJax from a CDN: the page loads nothing from outside.
    "JUPYTER_CONFIG_PATH": str(data_dir() / "jupyter" / "hub"),
}
if os.environ.get("WORKSHOP_SESSIONS_URL"):
    # One shared store for the team: the lead's team view sees every agent's sessions.
    _environment["WORKSHOP_SESSIONS_URL"] = os.environ["WORKSHOP_SESSIONS_URL"]
c.Spawner.environment = {key: value for key, value in _environment.items() if value}
c.Spawner.mem_limit = "1G"  # a kernel is ~110-140 MB per open tab; enforced by container spawners
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# ---------------------------------------------------------------- roles and idle culling
c.JupyterHub.load_roles = [
    # The app asks the Hub for the signed-in user's groups with its server's token.
    {"name": "server", "scopes": ["users:activity!user", "access:servers!server", "read:users:groups!user"]},
    {"name": "idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
     "services": ["idle-culler"]},
]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={idle}", "--cull-every=300"],
}]
