"""Engines mobyspec starts itself (``managed:dockerd``, ``managed:podman``), private and without networking.

Everything lives under one private temporary folder: the data and exec roots, the pid file, the API's
unix socket (the only thing the engine listens on), the capture folder, the capture runtime's wrapper
script and the ``bin`` folder that is the engine's whole PATH (so ``exec.LookPath("docker-init")`` sees
exactly what a case says). dockerd runs with ``--bridge=none --iptables=false --ip6tables=false
--ip-masq=false --ip-forward=false`` and a private, empty ``--config-file``: no bridge, no iptables rule,
no sysctl. The engine is restarted when a case needs other daemon settings (``--init``, ``--init-path``,
docker-init on the PATH); :meth:`ManagedEngine.close` stops it by PID, kills what is left of its
processes (found by the private folder in their command line), unmounts what is mounted below the
folder (``/proc/self/mountinfo``) and removes it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mobyspec_conformance.live.capture_runtime import RUNTIME_NAME
from mobyspec_conformance.live.engine import Engine, EngineError, EngineUnreachable

if TYPE_CHECKING:
    from mobyspec_conformance.live.mapping import Settings

#: Engines ``managed:`` knows, and the programs each needs on its PATH besides itself.
HELPERS = {
    "dockerd": ("containerd", "containerd-shim", "containerd-shim-runc-v2", "runc"),
    "podman": ("conmon", "catatonit"),
}
#: Seconds to wait for the API socket after a start, and for the process to exit after SIGTERM.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
_MNT_DETACH = 2
_PR_SET_CHILD_SUBREAPER = 36
#: Engine processes that double-fork and may be adopted (comm names, 15 characters at most).
_ADOPTED_NAMES = ("conmon", "containerd", "podman", "catatonit", "dockerd")
#: Host paths podman 4.3 writes whatever its roots (its blob-info cache, netavark's run folder): in
#: podman's own mount namespace they are covered by private folders; one that did not exist before the
#: run and exists after it is removed.
PODMAN_SHARED_PATHS = ("/var/lib/containers", "/run/containers")
#: Seconds a client waits for others still wanting the current settings before it restarts the engine.
WANT_PATIENCE = 30.0
#: How long a managed engine that stopped answering may take to exit before it is stopped (seconds).
LOST_GRACE = 5.0


class ManagedError(Exception):
    """The engine cannot be managed here (not root, binary missing, did not come up): exit 3."""


def capture_wrapper(capture_dir: Path) -> str:
    """The capture runtime's wrapper: this Python runs the runtime module, capturing into ``capture_dir``."""
    argv = [
        sys.executable,
        "-m",
        "mobyspec_conformance.live.capture_runtime",
        "--capture-dir",
        str(capture_dir),
    ]
    return "#!/bin/sh\nexec " + " ".join(shlex.quote(a) for a in argv) + ' "$@"\n'


def _mounts_below(root: Path) -> list[str]:
    """Mount points at or below ``root`` (deepest first), from /proc/self/mountinfo."""
    prefix = str(root).rstrip("/")
    found = []
    with contextlib.suppress(OSError), Path("/proc/self/mountinfo").open(encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if len(fields) > 4:
                point = fields[4].encode().decode("unicode_escape")
                if point == prefix or point.startswith(prefix + "/"):
                    found.append(point)
    return sorted(set(found), key=lambda p: -p.count("/"))


def _processes_using(root: Path) -> list[int]:
    """PIDs whose command line names the private folder (the engine's containerd and shims)."""
    needle = str(root).encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if needle in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
    return pids


def _kill_all(pids: list[int]) -> None:
    """SIGKILL each PID (processes this run started, found by its private folder) and reap what is ours."""
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + STOP_TIMEOUT
    while (
        any(Path(f"/proc/{pid}").exists() and _is_running(pid) for pid in pids)
        and time.monotonic() < deadline
    ):
        time.sleep(0.02)


def _is_running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _become_subreaper() -> None:
    """Adopt orphaned descendants (conmon double-forks away from podman) so they are reaped, not left.

    A PID 1 that never reaps (as in many containers) would keep them as zombies otherwise.
    """
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _reap_adopted() -> None:
    """Reap the zombie children this process adopted as subreaper from the engines (by their names)."""
    me = str(os.getpid())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text(encoding="utf-8")
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if ppid == me and state == "Z" and name.startswith(_ADOPTED_NAMES):
                os.waitpid(int(entry.name), os.WNOHANG)


def _unmount(point: str) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    libc.umount2(point.encode(), _MNT_DETACH)


class ManagedEngine:
    """One private engine process; :meth:`ensure` (re)starts it with the settings a case needs."""

    def __init__(self, kind: str, binary: str | None = None) -> None:
        if kind not in HELPERS:
            raise ManagedError(f"managed:{kind}: unknown engine (known: {', '.join(HELPERS)})")
        self.kind = kind
        self.binary = binary or shutil.which(kind) or ""
        self.lock = threading.Condition()
        self.users = 0
        #: The settings each client thread needs next (absent: it has no case in hand).
        self.wants: dict[int, Settings] = {}
        self.settings: Settings | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self.engine: Engine | None = None
        self.restarts = 0
        self.root: Path | None = None
        #: Host paths podman may create that did not exist before this run (removed at close).
        self.absent_before: list[str] = []

    # --- lifetime ------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Check root and the binaries, make the private folder; ManagedError when this cannot work."""
        if os.geteuid() != 0:
            raise ManagedError(
                f"managed:{self.kind} needs root (it mounts and runs a private engine); run as root or use "
                "docker:unix:///path/to.sock with an engine that has the capture runtime registered"
            )
        if not self.binary or not os.access(self.binary, os.X_OK):
            raise ManagedError(
                f"managed:{self.kind}: no {self.kind} executable on PATH (install it or name it)"
            )
        if self.root is None:
            _become_subreaper()
            if self.kind == "podman":
                self.absent_before = [p for p in PODMAN_SHARED_PATHS if not Path(p).exists()]
            self.root = Path(tempfile.mkdtemp(prefix=f"mobyspec-{self.kind}-", dir="/tmp"))
            for sub in ("data", "exec", "capture", "bin", "tmp"):
                (self.root / sub).mkdir()
            wrapper = self.root / "capture-runtime"
            wrapper.write_text(capture_wrapper(self.root / "capture"), encoding="utf-8")
            wrapper.chmod(0o755)
            (self.root / "daemon.json").write_text("{}\n", encoding="utf-8")

    @property
    def bin_dir(self) -> Path:
        """The engine's whole PATH."""
        assert self.root is not None
        return self.root / "bin"

    @property
    def capture_dir(self) -> Path:
        """Where the capture runtime writes."""
        assert self.root is not None
        return self.root / "capture"

    def _path_dir(self, settings: Settings) -> str:
        """The engine's PATH: links to its helpers, and to docker-init when the settings want it found."""
        assert self.root is not None
        bin_dir = self.root / "bin"
        for entry in bin_dir.iterdir():
            entry.unlink()
        names = list(HELPERS[self.kind]) + (["docker-init"] if settings.init_on_path else [])
        for name in names:
            found = shutil.which(name)
            if found:
                (bin_dir / name).symlink_to(found)
        return str(bin_dir)

    def _argv(self, settings: Settings) -> list[str]:
        assert self.root is not None
        root = self.root
        if self.kind == "dockerd":
            argv = [
                self.binary,
                "--config-file", str(root / "daemon.json"),
                "--data-root", str(root / "data"),
                "--exec-root", str(root / "exec"),
                "--pidfile", str(root / "dockerd.pid"),
                "--host", f"unix://{root / 'api.sock'}",
                "--bridge=none", "--iptables=false", "--ip6tables=false", "--ip-masq=false",
                "--ip-forward=false", "--userland-proxy=false", "--storage-driver=vfs",
                "--containerd-namespace", "mobyspec", "--containerd-plugins-namespace", "mobyspec-plugins",
                "--add-runtime", f"{RUNTIME_NAME}={root / 'capture-runtime'}",
                "--default-runtime", RUNTIME_NAME,
                "--log-level", "warn",
            ]  # fmt: skip
            if settings.init:
                argv.append("--init")
            if settings.init_path:
                argv += ["--init-path", settings.init_path]
            return argv
        return self._podman_namespace([
            self.binary,
            "--root", str(root / "data"),
            "--runroot", str(root / "exec"),
            "--tmpdir", str(root / "tmp"),
            "--storage-driver", "vfs",
            "--runtime", str(root / "capture-runtime"),
            "--cgroup-manager", "cgroupfs",
            "--events-backend", "file",
            "system", "service", "--time", "0", f"unix://{root / 'api.sock'}",
        ])  # fmt: skip

    def _podman_namespace(self, argv: list[str]) -> list[str]:
        """podman in its own mount namespace, with private folders over the host paths it writes anyway."""
        assert self.root is not None
        tools = [shutil.which(t) for t in ("unshare", "mount", "sh")]
        if not all(tools):
            return argv
        unshare, mount, sh = (str(t) for t in tools)
        steps = []
        for i, path in enumerate(PODMAN_SHARED_PATHS):
            if Path(path).is_dir():
                shadow = self.root / f"shadow-{i}"
                shadow.mkdir(exist_ok=True)
                steps.append(f"{shlex.quote(mount)} --bind {shlex.quote(str(shadow))} {shlex.quote(path)}")
        steps.append('exec "$@"')
        script = " && ".join(steps)
        return [unshare, "--mount", "--propagation", "private", "--", sh, "-c", script, "sh", *argv]

    def _env(self, settings: Settings) -> dict[str, str]:
        assert self.root is not None
        env = {"PATH": self._path_dir(settings), "HOME": str(self.root / "tmp"), "LANG": "C.UTF-8"}
        if self.kind == "podman":
            conf = self.root / "containers.conf"
            lines = ["[containers]", f"init = {'true' if settings.init else 'false'}"]
            if settings.init_path:
                lines.append(f"init_path = {json.dumps(settings.init_path)}")
            lines += ["[engine]", f"runtime = {json.dumps(str(self.root / 'capture-runtime'))}"]
            conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
            env.update(CONTAINERS_CONF=str(conf), XDG_RUNTIME_DIR=str(self.root / "tmp"))
        return env

    def _start(self, settings: Settings) -> Engine:
        assert self.root is not None
        sock = self.root / "api.sock"
        sock.unlink(missing_ok=True)
        for pid_file in (self.root / "dockerd.pid", self.root / "exec" / "containerd" / "containerd.pid"):
            # an engine that died leaves its pid files; dockerd waits forever for a containerd whose pid
            # is still a zombie (moby/moby@v20.10.24:libcontainerd/supervisor/remote_daemon.go)
            with contextlib.suppress(OSError, ValueError):
                if not _is_running(int(pid_file.read_text().strip())):
                    pid_file.unlink()
        log = (self.root / "engine.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own argv, never a shell
            self._argv(settings),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=self._env(settings),
            cwd=str(self.root),
            start_new_session=True,
        )
        log.close()
        engine = Engine(str(sock))
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                raise ManagedError(
                    f"{self.kind} exited with {self.process.returncode} at start:\n{self.log_tail()}"
                )
            try:
                if sock.exists() and engine.ping():
                    break
            except (EngineUnreachable, EngineError):
                pass
            if time.monotonic() > deadline:
                raise ManagedError(
                    f"{self.kind} did not answer on {sock} within {START_TIMEOUT:g} s:\n{self.log_tail()}"
                )
            time.sleep(0.05)
        self.settings = settings
        self.engine = engine
        return engine

    def log_tail(self, size: int = 2000) -> str:
        """The end of the engine's own log."""
        assert self.root is not None
        try:
            return (self.root / "engine.log").read_bytes()[-size:].decode("utf-8", "replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        """The engine process is running."""
        return self.process is not None and self.process.poll() is None

    def _stop(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if process is not None and self.root is not None:
            # an engine that died (or was killed) leaves its containerd and shims behind: they hold the
            # exec root's sockets, and the next start must not meet them
            _kill_all(_processes_using(self.root))
        self.settings = None

    # --- shared use ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def using(self, settings: Settings):  # type: ignore[no-untyped-def]  # noqa: ANN201 - a context manager
        """Hold the engine running with ``settings`` for one case.

        A client that needs other settings waits while the engine is in use or another client still
        wants the current settings (its next case needs them), so ``--jobs`` clients do not restart the
        engine back and forth: each settings group is drained before the engine changes.
        """
        me = threading.get_ident()
        # others' wants are honoured for a bounded time, and only those of live threads: a client that
        # vanished without idle() must not hold the engine's settings forever
        deadline = time.monotonic() + WANT_PATIENCE
        with self.lock:
            self.wants[me] = settings
            while self.settings != settings and self.alive():
                if not self.users:
                    live = {t.ident for t in threading.enumerate()}
                    if time.monotonic() > deadline or not any(
                        w == self.settings for k, w in self.wants.items() if k != me and k in live
                    ):
                        break
                self.lock.wait(0.5)
            if self.settings != settings or not self.alive():
                if self.process is not None:
                    self.restarts += 1
                self._stop()
                self._start(settings)
            self.users += 1
            engine = self.engine
        try:
            assert engine is not None
            yield engine
        finally:
            with self.lock:
                self.users -= 1
                self.lock.notify_all()

    def lost(self) -> None:
        """The engine stopped answering: the next :meth:`using` must start a new one.

        A killed dockerd refuses connections (its listening socket closed) a moment before its process
        can be reaped, so ``alive()`` would still say yes: wait a little for the process to end, and
        stop one that keeps running without answering.
        """
        with self.lock:
            process = self.process
            if process is None:
                return
            try:
                process.wait(LOST_GRACE)
            except subprocess.TimeoutExpired:
                self._stop()
            self.lock.notify_all()

    def idle(self) -> None:
        """The calling client has no more cases in hand (its settings no longer hold the engine)."""
        with self.lock:
            self.wants.pop(threading.get_ident(), None)
            self.lock.notify_all()

    def close(self) -> None:
        """Stop the engine, kill its leftovers, unmount below the private folder, remove it (idempotent)."""
        with self.lock:
            self._stop()
            root, self.root = self.root, None
        if root is None:
            return
        _kill_all(_processes_using(root))
        _reap_adopted()
        for point in _mounts_below(root):
            _unmount(point)
        shutil.rmtree(root, ignore_errors=True)
        for path in self.absent_before:
            shutil.rmtree(path, ignore_errors=True)
