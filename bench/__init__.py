"""Benchmarks: a synthetic corpus of SOTK regulation texts and the scripts that measure it."""
