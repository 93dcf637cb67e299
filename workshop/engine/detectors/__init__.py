"""The detectors, one module per family. Each detector is a function from a `Doc` to findings.

`workshop.engine.registry` lists them in the order `analyze` runs them; a new
detector is a function in one of these modules (or a new one) and a line there.
"""
