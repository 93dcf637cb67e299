"""Open, save and read times of the sessions store on SQLite and on PostgreSQL (a throwaway cluster,
the test suite's own: fsync off, so PostgreSQL's saves are faster here than on a real server).

    python benchmarks/bench_store.py
"""
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from conftest import PostgresCluster, _postgres_bin
import workshop
from workshop.sessions import SessionStore, Snapshot
CASE = "Agente: Eh, le informo que su pedido llega el lunes.\nCliente: Vale.\nAgente: Pues nada, gracias."
cluster = PostgresCluster(_postgres_bin()); cluster.start()
try:
    for name, url in (("sqlite", f"sqlite://{tempfile.mkdtemp()}/sessions.sqlite3"), ("postgresql", cluster.new_database())):
        t0 = time.perf_counter(); store = SessionStore(url=url); opened = time.perf_counter() - t0
        sid = store.create("Laura", "Pablo", workshop.load(CASE))
        times = []
        for i in range(300):
            t0 = time.perf_counter(); store.save(sid, Snapshot({0: f"Su pedido llega el lunes {i}."}, {"": "nota"}), base=i); times.append(time.perf_counter() - t0)
        t0 = time.perf_counter(); store.snapshot(sid); store.sessions(); read = time.perf_counter() - t0
        t0 = time.perf_counter(); SessionStore(url=url).close(); reopen = time.perf_counter() - t0
        print(f"{name:10} first open+migrate {opened*1000:6.1f} ms, reopen {reopen*1000:5.1f} ms, save median {statistics.median(times)*1000:5.2f} ms p95 {sorted(times)[284]*1000:5.2f} ms, snapshot+list {read*1000:5.2f} ms")
        store.close()
finally:
    cluster.stop()
