"""The adversarial grading corpus: a small assignment, crafted submissions with the
outcome each must get, and the security cases (see `notebook.py`, `cases.py`, `security.py`)."""
