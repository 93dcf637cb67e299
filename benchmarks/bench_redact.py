"""Redaction cost (workshop/redact.py) on a ~500-word transcript holding personal data, in a fresh process:
the import, the first redaction (which imports python-stdnum and phonenumbers) and then the steady cost.

    .venv/bin/python benchmarks/bench_redact.py
"""
import statistics, subprocess, sys
code = r'''
import time, statistics
t0 = time.perf_counter(); import workshop.loaders; t1 = time.perf_counter()
from workshop.loaders import load_text
from workshop.redact import Redactor
agent = ("Agente: Entiendo perfectamente, le informo que vamos a revisar el cargo de $1,299.00 del 12/03/2024 y el "
         "pedido 48213 de 3 unidades en un plazo de 24 horas, con el plan de 200 megas que tiene contratado. ")
cust = ("Cliente: Hola, soy Marta Ruiz, mi tarjeta es 4111 1111 1111 1111 y mi teléfono 55 1234 5678, vivo en "
        "Calle Mayor 12, 28013 Madrid, y mi correo marta@example.com, gracias por todo. ")
text = "\n".join([agent, cust] * 7)
raw = load_text(text, lang="es", redact=False)
a = time.perf_counter(); Redactor("es").turns(raw.turns); first = time.perf_counter() - a
times = []
for _ in range(50):
    a = time.perf_counter(); Redactor("es").turns(raw.turns); times.append(time.perf_counter() - a)
print(f"{raw.words} words: import workshop.loaders {1000*(t1-t0):.0f} ms; first redaction (lazy imports) "
      f"{1000*first:.0f} ms; then median {1000*statistics.median(times):.2f} ms, min {1000*min(times):.2f} ms")
'''
for _ in range(2):
    subprocess.run([sys.executable, "-c", code], check=True)
