"""The server's own key: made on first run, kept, and named by its fingerprint."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh

from ..domain.errors import PoboardError
from ..paths import data_dir


def default_host_key_path() -> Path:
    """`ssh_host_ed25519_key` in the user data directory (computed when asked)."""
    return data_dir() / "ssh_host_ed25519_key"


def load_host_key(path: Path) -> asyncssh.SSHKey:
    """The private host key at `path`, made (ed25519, mode 0600) if there is none. A key
    that other accounts may read is refused, as sshd refuses one: it is no secret any more."""
    path = Path(path).expanduser()
    if path.exists():
        _refuse_if_open(path)
        try:
            return asyncssh.read_private_key(path)
        except (OSError, asyncssh.KeyImportError, ValueError) as error:
            raise PoboardError(f"cannot use {path} as the host key: {error}") from None
    key = asyncssh.generate_private_key("ssh-ed25519", comment="poboard host key")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(key.export_private_key())
        key.write_public_key(f"{path}.pub")
    except OSError as error:
        raise PoboardError(f"cannot write the host key {path}: {error.strerror}") from None
    return key


def _refuse_if_open(path: Path) -> None:
    """sshd's "UNPROTECTED PRIVATE KEY FILE": any bit for the group or others."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as error:
        raise PoboardError(f"cannot use {path} as the host key: {error.strerror}") from None
    if mode & 0o077:
        what = "readable by" if mode & 0o044 else "writable by" if mode & 0o022 else "open to"
        raise PoboardError(
            f"the host key {path} is {what} others (mode {mode:04o}); sshd refuses "
            f"such a key too: chmod 600 {path}"
        )


def fingerprint(key: asyncssh.SSHKey) -> str:
    return key.get_fingerprint("sha256")
