"""The analysis engine: from a transcript to findings and metrics."""
