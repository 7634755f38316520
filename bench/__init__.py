"""Benchmarks: scripts anyone can run, printing a table. Not part of the test suite."""
