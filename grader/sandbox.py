"""How untrusted student code is confined: one command line wraps every process it runs.

The strongest mechanism this machine offers is chosen once (`confinement()`):

- ``bwrap``: bubblewrap gives the process new mount, PID, IPC, UTS and network
  namespaces. Its file system holds only the system (`/usr`, `/etc`), the Python
  installation and virtual environment, the `helpers` package (all read-only), an empty
  `/tmp` and the working folder with the submission. `solutions/`, the gradebook, the
  grader and other students' files do not exist in there. As root, the code also runs as
  a separate unprivileged user (one per sandbox slot, via `setpriv`), so it owns nothing
  outside its working folder and the process limit counts only its own processes.
- ``unshare``: no bubblewrap, but root: new network, PID, IPC and UTS namespaces; the
  file system stays visible (a warning says so).
- ``rlimits``: neither: resource limits only (a warning says so).

Resource limits always apply (`prlimit`): address space, process count, file size and
CPU time; wall-clock limits are the callers' (kernel timeouts, trusted-call deadlines).
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

__all__ = ["Confinement", "confinement", "prepare_dir", "wrap", "SANDBOX_HOME"]

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
    args += ["--ro-bind", "/etc", "/etc", "--proc", "/proc", "--dev", "/dev"]
    # /tmp first: later binds may live below it on the host (temporary folders).
    args += ["--bind", str(Path(workdir) / "tmp"), "/tmp",
             "--bind", str(Path(workdir) / "work"), SANDBOX_HOME]
    made = {"/", "/tmp"}
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


def prepare_dir(workdir, slot, conf=None):
    """Create `<workdir>/work` and `<workdir>/tmp`, owned by the slot's user when it has one."""
    conf = conf or confinement()
    workdir = Path(workdir)
    for sub in ("work", "tmp", "tmp/mpl"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    _seed_matplotlib_cache(workdir / "tmp" / "mpl")
    if conf.separate_user:
        uid = uid_for(slot)
        for dirpath, _dirs, files in os.walk(workdir):
            os.chown(dirpath, uid, uid)
            for name in files:
                os.chown(os.path.join(dirpath, name), uid, uid)
    return workdir


def _seed_matplotlib_cache(target):
    # A fresh HOME would make matplotlib rebuild its font list (seconds) in every sandbox.
    for base in (os.environ.get("MPLCONFIGDIR"), Path.home() / ".cache" / "matplotlib",
                 Path.home() / ".matplotlib"):
        if base and Path(base).is_dir():
            for item in Path(base).glob("fontlist-*.json"):
                shutil.copyfile(item, Path(target) / item.name)
            return


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


@functools.lru_cache(maxsize=None)
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
            prepare_dir(tmp, 0, probe)
            if _works(wrap([sys.executable, "-c", "import helpers"], Limits(), tmp, 0,
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
            prepare_dir(tmp, 0, probe)
            if _works(wrap([sys.executable, "-c", "pass"], Limits(), tmp, 0, conf=probe)):
                return dataclasses.replace(probe, warning=(
                    f"{reason}; falling back to unshare: no network, but student code "
                    f"can read any file this user can (solutions/, the gradebook)"))
    return Confinement("rlimits", False, (
        f"{reason}; falling back to resource limits only: student code can read "
        f"solutions/ and the gradebook and reach the network"))
