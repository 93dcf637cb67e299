"""The detectors, one module per family."""
