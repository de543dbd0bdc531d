"""Tests of tdkt.common.text (a package so test_search.py does not clash with tests/people)."""
