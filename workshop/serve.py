"""Running the app under Voilà as a child process: for tests, benchmarks and `make run`.

Readiness is checked on Voilà's static `voila.js`, never on `/`: a request
to `/` starts a kernel and runs the notebook.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import http.client
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# Debian's Chromium as the browser tests and benchmarks drive it (headless, in a container).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
READY_PATH = "voila/templates/lab/static/voila.js"


def offline_template() -> tuple[list[str], dict[str, str]]:
    """Voilà arguments and environment for the `workshop` template (data/jupyter/voila/templates):
    Voilà's lab template minus the stylesheets it fetches from a CDN."""
    from .resources import data_dir

    folder = str(data_dir() / "jupyter")
    paths = [folder, *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    return ["--VoilaConfiguration.template=workshop"], {"JUPYTER_PATH": os.pathsep.join(paths)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    """Whether a Voilà server on this port serves its static files (asking never starts a kernel)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/" + READY_PATH)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def wait_until_ready(port: int, timeout: float = 60, process: subprocess.Popen | None = None) -> None:
    """Block until the server on `port` answers; TimeoutError (or RuntimeError if `process` ended) otherwise."""
    deadline = time.monotonic() + timeout
    while not answers(port):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"no server answered on port {port} within {timeout} s")
        time.sleep(0.1)


class VoilaServer:
    """`with VoilaServer("notebooks/workshop.ipynb") as server: server.url`.

    Runs our launcher (workshop/server.py), so tests and benchmarks meet the server users meet."""

    def __init__(self, notebook: str | os.PathLike | None = "notebooks/workshop.ipynb", *, port: int | None = None,
                 cwd: str | os.PathLike = PROJECT, args: tuple[str, ...] = (), env: dict[str, str] | None = None,
                 timeout: float = 60):
        # notebook=None serves the whole folder: /voila/render/<path>
        self.notebook, self.cwd, self.args, self.timeout = notebook, Path(cwd), tuple(args), timeout
        self.port = port or free_port()
        template_args, template_env = offline_template()
        self.args = (*template_args, *self.args)
        self.env = {**os.environ, **template_env, **(env or {})}
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile("w+", prefix="voila-", suffix=".log", delete=False)

    def start(self) -> "VoilaServer":
        command = [sys.executable, "-m", "workshop.server", *([str(self.notebook)] if self.notebook else []),
                   f"--port={self.port}", "--no-browser", "--Voila.ip=127.0.0.1", *self.args]
        self.process = subprocess.Popen(command, cwd=self.cwd, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        try:
            wait_until_ready(self.port, self.timeout, self.process)
        except (TimeoutError, RuntimeError) as error:
            self.stop()
            raise type(error)(f"{error}:\n{self.output()}") from None
        return self

    def kernel_count(self) -> int:
        """How many kernel processes the server runs now (psutil, from the test extra)."""
        import psutil

        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            return 0
        count = 0
        for child in children:
            try:
                count += "ipykernel_launcher" in " ".join(child.cmdline())
            except psutil.Error:  # ended meanwhile
                pass
        return count

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> "VoilaServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.log.close()
        os.unlink(self.log.name)


# ---------------------------------------------------------------- workshop serve

def app_files() -> tuple[Path, Path]:
    """(notebook, folder holding voila.json): the checkout's, else the installed package's copies."""
    from .resources import data_dir

    if (PROJECT / "notebooks" / "workshop.ipynb").is_file() and (PROJECT / "voila.json").is_file():
        return PROJECT / "notebooks" / "workshop.ipynb", PROJECT
    return data_dir() / "notebooks" / "workshop.ipynb", data_dir()


def serve_command(port: int = 8866, ip: str = "127.0.0.1", base_url: str = "/", pool: int = 3,
                  cull_idle: int = 3600, fill_delay: int = 0,
                  public_names: tuple[str, ...] = (), max_kernels: int = 12, *, password_hash: str = "",
                  token: bool = False, frame_ancestors: tuple[str, ...] = (),
                  closed_tab_grace: int = 60) -> tuple[list[str], Path]:
    """The Voilà command `workshop serve` runs, and the folder to run it in (where voila.json is).

    It is our launcher (workshop/server.py), Voilà with the guards a shared server needs."""
    notebook, folder = app_files()
    command = [
        sys.executable, "-m", "workshop.server", str(notebook), "--no-browser",
        f"--port={port}", f"--Voila.ip={ip}", f"--Voila.base_url={base_url}",
        # Kernels started ahead, each running the app already: the first page is fast.
        "--VoilaConfiguration.preheat_kernel=True", f"--VoilaConfiguration.default_pool_size={pool}",
        # Refill the pool as soon as a kernel is taken, one kernel at a time (workshop/server.py
        # OneAtATime): on 2 cores, ten kernels starting at once would stall everyone.
        f"--VoilaKernelManager.fill_delay={fill_delay}",
        # A closed or reloaded tab's kernel goes soon after (workshop/server.py), and any idle kernel
        # after `cull_idle`: their sessions are already saved.
        f"--WorkshopVoila.closed_tab_grace={max(0, closed_tab_grace)}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}", "--MappingKernelManager.cull_interval=60",
        # Never a traceback in the page, never the notebook's code; template and theme fixed.
        "--VoilaConfiguration.show_tracebacks=False", "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.allow_template_override=NO", "--VoilaConfiguration.allow_theme_override=NO",
        # Host names besides this machine's that the server answers to (DNS rebinding: workshop/server.py).
        *(f"--WorkshopVoila.public_names={name}" for name in public_names),
        # Kernels serving pages at once (~95 MB each); one more visitor gets "the room is full".
        f"--WorkshopVoila.max_kernels={max_kernels}",
        # Sites that may frame the app (Content-Security-Policy frame-ancestors); none by default.
        *(f"--WorkshopVoila.frame_ancestors={origin}" for origin in frame_ancestors),
        # A login (jupyter_server's identity provider): the token comes from $JUPYTER_TOKEN, never
        # from this command line; a password hash may (it is not the password).
        *(["--Voila.auto_token=True"] if token else []),
        *([f"--PasswordIdentityProvider.hashed_password={password_hash}"] if password_hash else []),
        # Whoever has the token must not be able to set a password (jupyter_server would write it to a config file).
        "--PasswordIdentityProvider.allow_password_change=False",
        *offline_template()[0],
    ]
    return command, folder


def beyond_loopback(ip: str) -> bool:
    """Whether a server listening on `ip` can be reached from other machines ("" and 0.0.0.0 mean every address)."""
    import ipaddress

    name = ip.strip().strip("[]").lower()
    if name in ("localhost", "localhost.localdomain"):
        return False
    try:
        return not ipaddress.ip_address(name).is_loopback
    except ValueError:
        return True  # a host name, or "": it may resolve to any interface


def local_url(port: int, ip: str, base_url: str) -> str:
    """The address to open on this machine: a wildcard address becomes this machine's name."""
    host = {"": socket.gethostname(), "0.0.0.0": socket.gethostname(), "::": socket.gethostname()}.get(ip, ip)
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}{base_url}"


def share_instructions(port: int, ip: str, base_url: str, ui: str, token: str = "", password: bool = False) -> str:
    """What `workshop serve` prints: the address, and with a token or password the login URL and how to share it."""
    from urllib.parse import quote

    from .i18n import t

    url = local_url(port, ip, base_url)
    if token:
        return t("serve_started_token", ui, url=f"{url}?token={quote(token, safe='')}", plain=url)
    if password:
        return t("serve_started_password", ui, url=url)
    return t("serve_started", ui, url=url, port=port)


# ---------------------------------------------------------------- JupyterHub, for tests and benchmarks

HUB_CONFIG = PROJECT / "docs" / "jupyterhub_config.py"
PROXY = PROJECT / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"

# What a test Hub changes in docs/jupyterhub_config.py: its ports, a shared-password login for any
# name, users' servers as local processes without system accounts (homes under the state folder),
# and short stop timeouts so that it shuts down in seconds.
_TEST_OVERLAY = '''
load_subconfig({config!r})
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {password!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.LocalProcessSpawner.interrupt_timeout = 2
c.LocalProcessSpawner.term_timeout = 2
c.Spawner.args = [*c.Spawner.args, *({root_args!r})]
c.JupyterHub.concurrent_spawn_limit = 0
'''


class HubServer:
    """`with HubServer(tmp) as hub: hub.url`: a real JupyterHub on docs/jupyterhub_config.py, on free ports.

    Users log in with any name and `hub.password`; each gets their own server (SimpleLocalProcessSpawner)."""

    password = "clave-del-equipo-de-prueba"

    def __init__(self, folder: str | os.PathLike, env: dict[str, str] | None = None, timeout: float = 90):
        self.folder, self.timeout = Path(folder), timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.env = {**os.environ, "WORKSHOP_HUB_STATE": str(self.folder / "state"),
                    "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
                    **(env or {})}
        self.process: subprocess.Popen | None = None
        self.log_path = self.folder / "jupyterhub.log"

    def start(self) -> "HubServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        overlay = self.folder / "jupyterhub_test_config.py"
        root_args = ["--ServerApp.allow_root=True"] if os.name == "posix" and os.geteuid() == 0 else []
        overlay.write_text(_TEST_OVERLAY.format(config=str(HUB_CONFIG), port=self.port, hub_port=free_port(),
                                                api_port=free_port(), password=self.password,
                                                homes=str(self.folder / "home"), root_args=root_args),
                           encoding="utf-8")
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(overlay)],
                                            cwd=self.folder, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.timeout
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"JupyterHub did not start:\n{self.output()[-4000:]}")
            time.sleep(0.3)
        return self

    def _healthy(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", "/hub/health")
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """The Hub stops its proxy, services and users' servers; whatever is left after 60 s is killed."""
        if self.process is None or self.process.poll() is not None:
            return
        import psutil  # the test extra

        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            children = []
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for child in children:
            try:
                child.kill()
            except psutil.Error:  # already gone
                pass

    def __enter__(self) -> "HubServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
