"""How untrusted student code is confined: one command line wraps every process it runs.

The strongest mechanism this machine offers is chosen once (`confinement()`):

- ``bwrap``: bubblewrap gives the process new mount, PID, IPC, UTS and network
  namespaces. Its file system holds only the system (`/usr`, `/etc`), the Python
  installation and virtual environment, the `helpers` package (all read-only), and
  size-limited scratch space of its own: `/tmp`, the working folder and `/dev/shm` are
  each a fresh tmpfs of at most `scratch_size(limits)` bytes that vanishes with the
  sandbox (nothing the code writes there reaches the host's disk). `solutions/`, the
  gradebook, the grader and other students' files do not exist in there. As root, the
  code also runs as a separate unprivileged user (one per sandbox slot, via `setpriv`),
  so the process limit counts only its own processes.
- ``unshare``: no bubblewrap, but root: new network, PID, IPC and UTS namespaces; the
  file system stays visible (a warning says so).
- ``rlimits``: neither: resource limits only (a warning says so).

Resource limits always apply (`prlimit`): address space, process count, file size and
CPU time; wall-clock limits are the callers' (kernel timeouts, trusted-call deadlines).

Every sandbox starts in a folder made new for it (`make_workdir`): nothing an earlier
sandbox left there, link or otherwise, is ever followed by the grader (see `safefs.py`).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .config import Limits
from .safefs import new_dir

__all__ = ["Confinement", "confinement", "make_workdir", "scratch_full", "scratch_size",
           "wrap", "SANDBOX_HOME"]

#: Where the working folder appears inside the sandbox.
SANDBOX_HOME = "/submission"
_UID_BASE = 61000


@dataclasses.dataclass(frozen=True)
class Confinement:
    mechanism: str           # "bwrap", "unshare" or "rlimits"
    separate_user: bool      # code runs as its own unprivileged uid
    warning: str | None      # set when weaker than bubblewrap with a separate user

    def describe(self):
        parts = {"bwrap": "bubblewrap namespaces (private file system, no network)",
                 "unshare": "unshare namespaces (no network; file system visible)",
                 "rlimits": "resource limits only"}[self.mechanism]
        if self.separate_user:
            parts += ", separate unprivileged user per sandbox"
        return parts + ", rlimits"


def _helpers_dir():
    import helpers

    return str(Path(helpers.__file__).resolve().parent)


def _python_roots():
    roots = {str(Path(sys.base_prefix).resolve()), str(Path(sys.prefix).resolve()),
             str(Path(sys.prefix))}
    return sorted(r for r in roots if not r.startswith(("/usr/", "/etc/")) and r != "/usr")


def _bwrap_args(limits, workdir, *, rw=(), files=(), root):
    args = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session"]
    if not limits.network:
        args.append("--unshare-net")
    if not root:
        args.append("--unshare-user")
    args += ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    size = str(scratch_size(limits))
    args += ["--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev"]
    # Scratch space of its own, size-limited, never on the host's disk. /tmp first:
    # later binds may live below it on the host (temporary folders).
    for place in ("/tmp", SANDBOX_HOME, "/dev/shm"):
        args += ["--perms", "01777", "--size", size, "--tmpfs", place]
    args += ["--perms", "01777", "--dir", "/tmp/mpl"]
    for font_list in _font_lists():
        args += ["--ro-bind", str(font_list), f"/tmp/mpl/{font_list.name}"]
    made = {"/", "/tmp", SANDBOX_HOME, "/tmp/mpl"}
    binds = [(p, False) for p in _python_roots() + [_helpers_dir()]] + [(p, True) for p in rw]
    for path, writable in binds:
        for parent in reversed(Path(path).parents):
            if str(parent) not in made:
                made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]
        args += ["--bind" if writable else "--ro-bind", path, path]
        made.add(path)
    for src, dst in files:
        for parent in reversed(Path(dst).parents):
            if str(parent) not in made:
                made.add(str(parent))
                args += ["--perms", "0755", "--dir", str(parent)]
        args += ["--ro-bind", str(src), str(dst)]
    return args + ["--chdir", SANDBOX_HOME]


def _env(limits):
    bindir = str(Path(sys.executable).parent)
    return {"PATH": f"{bindir}:/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp",
            "LANG": "C.UTF-8", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/mpl",
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "NBGRADER_EXECUTION": "autograde"}


def _rlimit_args(limits, separate_user):
    nproc = limits.processes
    if not separate_user and os.geteuid() != 0:
        # Without a user of its own, the limit counts the instructor's processes too.
        nproc += len([p for p in os.listdir("/proc") if p.isdigit()])
    cpu = int(limits.notebook_timeout * 2) + 10
    return ["prlimit", f"--as={limits.memory}", f"--nproc={nproc}",
            f"--fsize={limits.file_size}", f"--cpu={cpu}", "--core=0", "--"]


def uid_for(slot):
    return _UID_BASE + int(slot)


def scratch_size(limits):
    """Bytes of each scratch tmpfs (`/tmp`, the working folder, `/dev/shm`) of a
    bubblewrap sandbox: the largest file the code may write, so one such file fits."""
    return int(limits.file_size)


def make_workdir(parent, slot, conf=None):
    """A new, empty sandbox folder under `parent`: `work` and `tmp` (the working folder
    and `/tmp` where bubblewrap is not used), owned by the slot's user when it has one.

    Always a folder no sandbox has seen, so nothing in it can be a planted link; the
    caller removes it with `safefs.remove_tree` when done."""
    conf = conf or confinement()
    Path(parent).mkdir(parents=True, exist_ok=True)
    workdir = new_dir(parent, "sandbox-")
    for sub in ("work", "tmp", "tmp/mpl"):
        os.mkdir(workdir / sub, 0o700)
    if conf.mechanism != "bwrap":
        for font_list in _font_lists():
            shutil.copyfile(font_list, workdir / "tmp" / "mpl" / font_list.name)
    if conf.separate_user:
        uid = uid_for(slot)
        for sub in ("work", "tmp", "tmp/mpl") + tuple(
                f"tmp/mpl/{f.name}" for f in (workdir / "tmp" / "mpl").iterdir()):
            os.chown(workdir / sub, uid, uid, follow_symlinks=False)
    return workdir


def _font_lists():
    # A fresh HOME would make matplotlib rebuild its font list (seconds) in every sandbox.
    for base in (os.environ.get("MPLCONFIGDIR"), Path.home() / ".cache" / "matplotlib",
                 Path.home() / ".matplotlib"):
        if base and Path(base).is_dir():
            return sorted(p for p in Path(base).glob("fontlist-*.json") if p.is_file())
    return []


def scratch_full(pid):
    """The scratch folders (`/tmp`, the working folder, `/dev/shm`) that are full in the
    bubblewrap sandbox whose outer process is `pid` ([] when unknown or none)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    full = []
    for child in children[:1]:
        for place in ("/tmp", SANDBOX_HOME, "/dev/shm"):
            try:
                vfs = os.statvfs(f"/proc/{child}/root{place}")
            except OSError:
                continue
            if vfs.f_blocks and vfs.f_bavail * vfs.f_frsize < 2**20:
                full.append(place)
    return full


def wrap(argv, limits: Limits, workdir, slot, *, rw=(), files=(), conf=None):
    """The command line that runs `argv` confined, with `<workdir>/work` as its folder.

    `rw` are folders bound read-write at the same path; `files` are (host, sandbox)
    pairs bound read-only (bubblewrap only: elsewhere the host paths are used)."""
    conf = conf or confinement(limits.mechanism)
    env = _env(limits)
    cmd = _rlimit_args(limits, conf.separate_user)
    if conf.mechanism == "bwrap":
        cmd += _bwrap_args(limits, workdir, rw=rw, files=files, root=os.geteuid() == 0)
        cmd += ["--clearenv"] + [x for k, v in env.items() for x in ("--setenv", k, v)]
    else:
        cmd += ["env", "-i"] + [f"{k}={v}" for k, v in env.items() if k != "HOME"]
        cmd += [f"HOME={Path(workdir) / 'tmp'}", f"MPLCONFIGDIR={Path(workdir) / 'tmp' / 'mpl'}"]
        if conf.mechanism == "unshare":
            cmd += ["unshare", "--ipc", "--pid", "--uts", "--fork", "--kill-child"]
            cmd += [] if limits.network else ["--net"]
    if conf.separate_user:
        uid = uid_for(slot)
        cmd += ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"]
    return cmd + list(argv)


def _works(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.cache
def confinement(mechanism="auto"):
    """Detect the strongest confinement available (cached per process)."""
    root = os.geteuid() == 0
    has = {tool: shutil.which(tool) is not None
           for tool in ("bwrap", "setpriv", "unshare", "prlimit")}
    if not has["prlimit"]:
        raise RuntimeError("`prlimit` (util-linux) is required to grade untrusted code; "
                           "install util-linux.")
    import tempfile

    if mechanism in ("auto", "bwrap") and has["bwrap"]:
        with tempfile.TemporaryDirectory(prefix="grader-probe-") as tmp:
            separate = root and has["setpriv"]
            probe = Confinement("bwrap", separate, None)
            workdir = make_workdir(tmp, 0, probe)
            if _works(wrap([sys.executable, "-c", "import helpers"], Limits(), workdir, 0,
                           conf=probe)):
                return probe if separate else dataclasses.replace(
                    probe, warning="student code runs as your own user inside the "
                                   "sandbox (run as root for a separate user)")
    reason = ("`mechanism = \"rlimits\"` in the config" if mechanism == "rlimits" else
              "bubblewrap is not installed (`apt-get install bubblewrap`)"
              if not has["bwrap"] else "bubblewrap could not start a sandbox here")
    if mechanism == "bwrap":
        raise RuntimeError(f"`mechanism = \"bwrap\"` in the config, but {reason}.")
    if mechanism == "auto" and root and has["unshare"]:
        with tempfile.TemporaryDirectory(prefix="grader-probe-") as tmp:
            probe = Confinement("unshare", False, None)
            workdir = make_workdir(tmp, 0, probe)
            if _works(wrap([sys.executable, "-c", "pass"], Limits(), workdir, 0,
                           conf=probe)):
                return dataclasses.replace(probe, warning=(
                    f"{reason}; falling back to unshare: no network, but student code "
                    f"can read any file this user can (solutions/, the gradebook)"))
    return Confinement("rlimits", False, (
        f"{reason}; falling back to resource limits only: student code can read "
        f"solutions/ and the gradebook and reach the network"))
