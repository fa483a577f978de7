"""The two engines (word diffing, provision alignment) and the draft parser, in plain Python.

Nothing in this package imports Django, so each engine can be read, tested and benchmarked on
its own; tests/engines/test_no_django.py holds every module here to that.
"""
