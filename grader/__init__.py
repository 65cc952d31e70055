"""The instructor side of the course: nbgrader release, self-test and checks.

Run `python -m grader --help` for the commands.
"""
