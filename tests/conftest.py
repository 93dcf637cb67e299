"""Test-wide settings: nothing a test (or a notebook run by nbval) saves lands in the user's own data.

And the sessions store on both backends: a test that takes `store`, `make_store`
or `store_url` runs once on SQLite (a file in tmp_path) and once on PostgreSQL
(a fresh database in a throwaway cluster this session starts). A test that
only means something on SQLite (a damaged file, file permissions) is marked
`@pytest.mark.sqlite_only("why")`, takes `backend`, and runs once with the
reason in its id. Locally the PostgreSQL runs skip when the server's programs
are missing; under CI=true they fail instead, like the browser tests.
"""
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from support import require

os.environ["WORKSHOP_DATA"] = tempfile.mkdtemp(prefix="workshop-test-data-")
# Tests decide who is signed in themselves (workshop.identity): not whoever runs them under a Hub.
for _name in ("JUPYTERHUB_USER", "WORKSHOP_USER"):
    os.environ.pop(_name, None)
os.environ.pop("WORKSHOP_SESSIONS_URL", None)  # a developer's own shared store is never the tests' one

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only(reason): a store test that only applies to SQLite files; "
                                       "runs once, with the reason in its id")


def pytest_generate_tests(metafunc):
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is not None and "backend" not in metafunc.fixturenames:
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: a sqlite_only test takes the `backend` fixture")
    if "backend" in metafunc.fixturenames:
        if marker is not None:
            metafunc.parametrize("backend", ["sqlite"], ids=[f"sqlite-only({marker.args[0]})"])
        else:
            metafunc.parametrize("backend", BACKENDS)


def _postgres_bin() -> Path | None:
    """Debian's /usr/lib/postgresql/N/bin (newest), else initdb on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """initdb into a temporary folder, a server on a Unix socket there, one new database per test.

    initdb and postgres refuse to run as root: as root (this test machine, a
    CI container) they run as the `postgres` user, in a folder it owns.
    """

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_user: list[str] = []
        self.folder = Path(tempfile.mkdtemp(prefix="workshop-pg-"))
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise RuntimeError("runuser is needed to run PostgreSQL as the postgres user")
            self.as_user = [runuser, "-u", "postgres", "--"]
            shutil.chown(self.folder, "postgres")
        self.port = _free_port()
        self.count = 0
        self.admin = None

    def run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.as_user, str(self.bindir / program), *args], capture_output=True, text=True,
                              timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> None:
        import psycopg

        data = self.folder / "data"
        self.run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync",
                 "--locale=C")
        # Only the socket in our folder (listen_addresses empty): nothing reachable from the network,
        # no clash with another cluster on this machine. fsync off: a test cluster never survives a crash.
        self.run("pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"), "-w", "-t", "60", "-o",
                 f"-p {self.port} -k {self.folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                 " -c full_page_writes=off -c max_connections=200", "start")
        self.admin = psycopg.connect(self.url("postgres"), autocommit=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"

    def new_database(self) -> str:
        self.count += 1
        name = f"workshop_test_{self.count}"
        self.admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        if self.admin is not None:
            self.admin.close()
        try:
            self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster for the whole test session."""
    problem = None
    bindir = _postgres_bin()
    if bindir is None:
        problem = "PostgreSQL's server programs are missing (apt-get install postgresql)"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            problem = "psycopg is not installed (pip install -e '.[test]')"
    require(problem, "the PostgreSQL store tests")
    cluster = PostgresCluster(bindir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture()
def backend(request):
    return request.param  # set by pytest_generate_tests


@pytest.fixture()
def store_url(backend, tmp_path, request) -> str:
    """Where this test's store lives: a SQLite file in tmp_path, or a new PostgreSQL database."""
    if backend == "sqlite":
        return f"sqlite://{tmp_path / 'sessions.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture()
def make_store(store_url):
    """Another store on the same database (another tab, another kernel), closed at the end."""
    from workshop.sessions import SessionStore

    opened = []

    def make():
        opened.append(SessionStore(url=store_url))
        return opened[-1]

    yield make
    for s in opened:
        try:
            s.close()
        except Exception:  # noqa: BLE001 - a test may have closed or broken it on purpose
            pass


@pytest.fixture()
def store(make_store):
    return make_store()
