"""Writing artefacts to disk: one deployment at a time, never a moment without the previous output.

A deployment's files are written into a staging folder beside ``out/<slug>``; only when every file
is written does the staging folder take the place of the old one, in one atomic step: Linux's
``renameat2(RENAME_EXCHANGE)`` swaps the two names, so ``out/<slug>`` always names a complete folder,
the old one or the new one. Where the exchange is not available (another kernel or file system) the
old folder is renamed aside first; a build killed between those two renames leaves the old folder
under its aside name, and the next build puts it back before anything else.

A lock file in the output root (``out/.stackplan.lock``, ``flock``) serialises builds into one
folder. Under the lock the next build removes what a killed build left (staging and aside folders,
recognisable by their names). Writing errors from the operating system (a read-only folder, a full
disk, no permission) become :class:`OutputFault` naming the path, and the previous output stays.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import secrets
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .artefacts import Artefact, UnsafePath, safe_path

MARKER = ".stackplan-generated"
LOCK = ".stackplan.lock"
STAGING = ".stackplan-new."  # .stackplan-new.<slug>.<hex>: a folder being written
ASIDE = ".stackplan-old."  # .stackplan-old.<slug>.<hex>: a replaced folder, about to be removed
_SUFFIX = 9  # len(".") + 8 hex digits
# Name of a fault-injection moment at which a build stops and waits to be killed (tests only).
FAULT_ENV = "STACKPLAN_FAULT_AT"


class UnsafeOutput(Exception):
    """The target holds files stackplan did not write."""


class OutputFault(Exception):
    """The operating system refused a write: a read-only folder, a full disk, no permission."""


def fault(path: Path, exc: OSError) -> OutputFault:
    """A one-line explanation of ``exc`` that names the path and what to do."""
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exhausted",
              errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
              errno.EPERM: "operation not permitted"}.get(exc.errno or 0, exc.strerror or str(exc))
    where = Path(exc.filename) if isinstance(exc.filename, str) else path
    return OutputFault(f"cannot write {where}: {reason}")


def _checkpoint(moment: str) -> None:
    """Stop here, forever, when the fault-injection variable names this moment (to test kills)."""
    if os.environ.get(FAULT_ENV) == moment:
        sys.stderr.write(f"stackplan: stopped at {moment} ({FAULT_ENV})\n")
        sys.stderr.flush()
        while True:
            time.sleep(60)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_renameat2 = None
if sys.platform.startswith("linux"):
    try:
        _renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
        _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        _renameat2.restype = ctypes.c_int
    except (OSError, AttributeError):  # a C library without renameat2 (glibc < 2.28, musl < 1.2.?)
        _renameat2 = None


def exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` atomically; False when this system cannot (use the fallback)."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # the file system or kernel does not know RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(b))


def _leftover(name: str) -> tuple[str, str] | None:
    """(kind, slug) of a folder a build leaves behind for a moment, from its name; None for others."""
    for kind in (STAGING, ASIDE):
        if name.startswith(kind) and len(name) > len(kind) + _SUFFIX:
            return kind, name[len(kind):-_SUFFIX]
    return None


def recover(out: Path) -> list[str]:
    """Undo what killed builds left in ``out`` (call with the lock held); what was done, for the log.

    An aside folder whose ``<slug>`` is missing is the previous output of a build killed between its
    two renames: it is put back. Every other staging or aside folder is removed.
    """
    done: list[str] = []
    if not out.is_dir():
        return done
    for entry in sorted(out.iterdir()):
        found = _leftover(entry.name)
        if found is None or not entry.is_dir() or entry.is_symlink():
            continue
        kind, slug = found
        target = out / slug
        if kind == ASIDE and not target.exists() and (entry / MARKER).exists():
            entry.rename(target)
            done.append(f"restored {target} (a build was killed while replacing it)")
        else:
            shutil.rmtree(entry)
            done.append(f"removed {entry} (left by a killed build)")
    return done


@contextmanager
def output_lock(out: Path) -> Iterator[list[str]]:
    """Hold ``out``'s build lock (waiting for another build into ``out`` to finish), after recovering it.

    Yields what recovery did. Raises :class:`OutputFault` when ``out`` cannot be created or written.
    """
    lock_path = out / LOCK
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise fault(lock_path, exc) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.stderr.write(f"stackplan: waiting for another build into {out} to finish ({lock_path})\n")
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            done = recover(out)
        except OSError as exc:
            raise fault(out, exc) from None
        yield done
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _staging_dir(out: Path, slug: str) -> Path:
    path = out / f"{STAGING}{slug}.{secrets.token_hex(4)}"
    path.mkdir()
    return path


def write_deployment(out: Path, slug: str, artefacts: list[Artefact]) -> Path:
    """Write ``artefacts`` under ``out/slug``; the old folder is replaced only once all is written.

    Call with :func:`output_lock` held on ``out``.
    """
    for relative in (slug, *(artefact.path for artefact in artefacts)):
        safe_path(relative)  # refuse before anything is written
    if "/" in slug:
        raise UnsafePath(f"refusing to write {slug!r}: a deployment's folder name is one name")
    target = out / slug
    if target.exists() and not (target / MARKER).exists():
        raise UnsafeOutput(f"{target} exists and was not written by stackplan; refusing to replace it. "
                           "Choose another --out folder or remove it yourself.")
    staging: Path | None = None
    try:
        staging = _staging_dir(out, slug)
        for artefact in artefacts:
            path = staging / artefact.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(artefact.data())
        (staging / MARKER).write_text("Written by stackplan build; replaced on every build.\n")
        _checkpoint("staged")
        if not target.exists():
            staging.rename(target)
            staging = None
        elif exchange(staging, target):
            _checkpoint("exchanged")  # staging now holds the old output
            shutil.rmtree(staging)
            staging = None
        else:
            aside = out / f"{ASIDE}{slug}.{secrets.token_hex(4)}"
            target.rename(aside)
            _checkpoint("aside")  # killed here: the next build's recover() puts ``aside`` back
            try:
                staging.rename(target)
            except OSError:
                aside.rename(target)
                raise
            staging = None
            shutil.rmtree(aside)
    except OSError as exc:
        if staging is not None and isinstance(exc.filename, str) and Path(exc.filename).is_relative_to(staging):
            exc.filename = str(target / Path(exc.filename).relative_to(staging))  # the path the user knows
        raise fault(target, exc) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return target
