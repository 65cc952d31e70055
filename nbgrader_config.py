"""nbgrader's configuration for this course (instructor side).

`solutions/` is nbgrader's source folder and `notebooks/` its release folder, so plain
nbgrader commands run from this folder work on the course as it is laid out, e.g.
`nbgrader generate_assignment 01_initialization --force`. `python -m grader` drives the
same nbgrader with the same settings in a temporary course folder (see grader/course.py).
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

_HERE = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.root = _HERE
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_HERE, "gradebook.db")
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
