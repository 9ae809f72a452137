"""Evaluation helpers shared by the benchmarks (``bench/``) and the tests: gold data and scores.

Development tooling, like :mod:`newsdump_dev.corpora`: nothing in a run imports it.
"""
