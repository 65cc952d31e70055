"""Tooling shared by the tests and the benchmarks (never imported by the course itself).

`synthetic_class`: a class of students assembled from the exercise corpus's wrong answers,
for the class report's tests and its benchmark.
"""
