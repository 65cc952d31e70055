"""The security corpus: a second small assignment and the attacks of issue 16, by class.

The assignment (`00_guard`) has tests written the way that made attacks pay: they
derive expected values from the arguments *after* the call, and one watches numpy's
global generator. Each case is a student folder of one `autograde` batch
(`test_security.py`); honest students sort after the attackers, so they are graded
after every zygote kill and planted link. The zip cases (class 4) build an archive.
"""

from __future__ import annotations

import copy
import dataclasses

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .notebook import _answer, _cell, _tests

GUARD = "00_guard"
FULL = 4.0
LIMITS = """[sandbox]
cell_timeout = 10
notebook_timeout = 120
output_per_cell = "1MB"
file_size = "32MiB"
"""

SETUP = "import numpy as np\nSEED = 0"
INIT = '''def init_weights(layer_dims, rng):
    """W[l] of shape (layer_dims[l], layer_dims[l-1]), drawn from `rng`."""
    ### BEGIN SOLUTION
    return {f"W{l}": rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
            for l in range(1, len(layer_dims))}
    ### END SOLUTION'''
INIT_TESTS = '''dims = [3, 2, 1]
params = init_weights(dims, np.random.default_rng(0))
assert len(params) == len(dims) - 1, "one matrix per layer"
for l in range(1, len(dims)):
    assert params[f"W{l}"].shape == (dims[l], dims[l - 1]), f"W{l} has the wrong shape"'''
NOISE = '''def add_noise(x, rng):
    """`x` plus standard normal noise drawn from `rng` (never the global generator)."""
    ### BEGIN SOLUTION
    return x + rng.standard_normal(np.shape(x))
    ### END SOLUTION'''
NOISE_TESTS = '''np.random.seed(None)
before = np.random.get_state()
x = np.zeros(3)
out = add_noise(x, np.random.default_rng(1))
after = np.random.get_state()
assert np.array_equal(before[1], after[1]) and before[2] == after[2], \\
    "add_noise used numpy's global generator"
assert np.allclose(out, x + np.random.default_rng(1).standard_normal(3)), "wrong noise"'''

GOOD_INIT = ('def init_weights(layer_dims, rng):\n'
             '    return {f"W{l}": rng.standard_normal((layer_dims[l], layer_dims[l - 1]))\n'
             '            for l in range(1, len(layer_dims))}\n')
GOOD_NOISE = "def add_noise(x, rng):\n    return x + rng.standard_normal(np.shape(x))\n"


def guard_notebook():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [new_markdown_cell("# Guard assignment"),
                new_code_cell(SETUP, metadata={"tags": ["setup"]}),
                new_code_cell(INIT, metadata=_answer("init_weights")),
                new_code_cell(INIT_TESTS, metadata=_tests("test_init_weights", 2)),
                new_code_cell(NOISE, metadata=_answer("add_noise")),
                new_code_cell(NOISE_TESTS, metadata=_tests("test_add_noise", 2))]
    return nb


@dataclasses.dataclass
class Attack:
    name: str
    init: str = GOOD_INIT
    noise: str = GOOD_NOISE
    cell: str | None = None       # a learner cell after the last test
    score: float | None = FULL
    status: str = "graded"
    flags: tuple = ()
    message: str = ""

    def build(self, release, ctx):
        nb = copy.deepcopy(release)
        _cell(nb, "init_weights").source = _fill(self.init, ctx)
        _cell(nb, "add_noise").source = _fill(self.noise, ctx)
        if self.cell is not None:
            nb.cells.append(new_code_cell(_fill(self.cell, ctx)))
        return nb


def _fill(source, ctx):
    for key, value in ctx.items():
        source = source.replace(f"<{key}>", repr(str(value)))
    return source


# Class 1: links planted in every writable place, then the zygote killed.
PLANT = '''def add_noise(x, rng):
    import glob, os, signal
    targets = [<victim>, <victim_dir>, <victim2>]  # never a real system file
    kernel = [a for a in open("/proc/self/cmdline").read().split("\\0") if a.endswith(".json")]
    places = ["/tmp", "/tmp/mpl", "/submission", "/dev/shm", "/run/grader-chan"]
    places += [os.path.dirname(k) for k in kernel]
    for place in places:
        for i, target in enumerate(targets):
            for name in (f"link{i}", "mpl", "kernel.json", f"fontlist-v{i}.json"):
                try:
                    os.symlink(target, os.path.join(place, name))
                except OSError:
                    pass
            try:
                os.link(target, os.path.join(place, f"hard{i}"))
            except OSError:
                pass
        for chan in glob.glob("/run/grader-chan/*"):
            try:
                os.unlink(chan)
                os.symlink(<victim>, chan)
            except OSError:
                pass
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except OSError:
        pass
    os._exit(1)
'''

# Class 2: a tree too deep to recurse into, dangling links, a fifo; zygote killed or not.
DEEP = '''def add_noise(x, rng):
    import os, signal
    for top in ["/tmp", "/submission", "/dev/shm"]:
        try:
            fd = os.open(top, os.O_RDONLY)
            for i in range(3000):
                os.mkdir("d", dir_fd=fd)
                new = os.open("d", os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = new
            os.symlink("/nonexistent/dangling", "dangling", dir_fd=fd)
            os.mkfifo("fifo", dir_fd=fd)
            os.close(fd)
            os.symlink("/nonexistent", os.path.join(top, "mpl-dangling"))
        except OSError:
            pass
    {tail}
'''
KILL = "os.kill(os.getppid(), signal.SIGKILL)\n    os._exit(1)"
HONEST = "return x + rng.standard_normal(np.shape(x))"

# Class 3: arguments changed so that expectations computed after the call agree.
SHRINK = ('def init_weights(layer_dims, rng):\n'
          '    layer_dims[:] = [1, 1]\n'
          '    return {"W1": np.zeros((1, 1))}\n')
GLOBAL_RNG = ("def add_noise(x, rng):\n"
              "    np.random.random()  # the global generator, which the test watches\n"
              "    return x + rng.standard_normal(np.shape(x))\n")

# Class 6: a message that is not valid Unicode.
SURROGATE = 'def add_noise(x, rng):\n    raise ValueError("bad \\udcff text \\ud800 here")\n'

# Class 8: output of every kind over the cap (1 MB per cell here).
FLOODS = '''from IPython.display import display
h = display("start", display_id=True)
for _ in range(60):
    display("copy", display_id=h.display_id)
for _ in range(200):
    h.update("u" * 1_000_000)
print("\\u20ac" * 400_000)
from ipykernel.comm import Comm
for _ in range(20):
    Comm(target_name="flood", data={"d": "c" * 500_000})
raise ValueError("e" * 3_000_000)
'''

# Class 9: fill every scratch space (32 MiB each here) and the kernel's own folder.
FILL = '''import os
total = 0
kernel = [a for a in open("/proc/self/cmdline").read().split("\\0") if a.endswith(".json")]
for place in ["/tmp", "/submission", "/dev/shm"] + [os.path.dirname(k) for k in kernel]:
    for i in range(200):
        try:
            with open(os.path.join(place, f"fill{i}"), "wb") as f:
                f.write(b"x" * 2**20)
            total += 2**20
        except OSError:
            break
print("WROTE", total)
'''
FILL_FN = ("def add_noise(x, rng):\n    " + FILL.replace("\n", "\n    ").replace(
    'print("WROTE", total)', "pass") + "\n    return x + rng.standard_normal(np.shape(x))\n")

ATTACKS = [
    Attack("a01_plant_links_kill_zygote", noise=PLANT, score=2.0),
    Attack("a02_deep_tree_kill_zygote", noise=DEEP.replace("{tail}", KILL), score=2.0),
    Attack("a02_deep_tree_kept", noise=DEEP.replace("{tail}", HONEST), score=FULL),
    Attack("a03_shrinks_its_argument", init=SHRINK, score=2.0,
           flags=("`test_init_weights`",)),
    Attack("a03_uses_global_rng", noise=GLOBAL_RNG, score=2.0),
    Attack("a06_surrogate_message", noise=SURROGATE, score=2.0),
    Attack("a08_output_floods", cell=FLOODS, score=FULL, flags=("output truncated",)),
    Attack("a08_one_huge_message", cell='print("x" * 20_000_000)\n', score=FULL,
           flags=("output refused",)),
    Attack("a09_fill_scratch", noise=FILL_FN, cell=FILL, score=FULL,
           flags=("filled its scratch space",)),
    Attack("z_honest_1"),
    Attack("z_honest_2"),
    Attack("z_honest_3"),
]

#: Class 7: student folders whose names a spreadsheet would run (no notebook inside).
FORMULA_STUDENTS = ["=HYPERLINK(\"evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd"]
#: Class 5: a student folder whose name is not UTF-8 (graded under an escaped name).
NON_UTF8 = b"a05_caf\xe9_\xff"
#: Names a spreadsheet, a page or a path might trip on (no notebook inside).
ODD_STUDENTS = ["a05_new\nline", "a05_" + "x" * 240, "a05_back\\slash"]


def write(folder, name, nb_or_none):
    """`folder/<name>/00_guard/00_guard.ipynb` (`name` str or bytes)."""
    import os

    base = os.fsencode(str(folder)) + b"/" + os.fsencode(name) + b"/" + GUARD.encode()
    os.makedirs(base, exist_ok=True)
    if nb_or_none is not None:
        with open(base + f"/{GUARD}.ipynb".encode(), "w") as out:
            nbformat.write(nb_or_none, out)
