"""Loading uploaded export files: unpack safely, then validate and load in a separate process.

The upload page never parses a file in the app's own process. A crafted file can make DuckDB or
a reader use unbounded memory or crash, so `run_load` runs `python -m analytics load` as a child
process with an address-space limit (RLIMIT_AS), a CPU-time limit and a wall-clock timeout; the
loader replaces the database atomically (os.replace) only when every rule holds, and the app,
which reopens the database when its file changes, keeps serving the old one until then.

Zip files are unpacked member by member with the declared and the written sizes both bounded
(zipfile never yields more than a member's declared size), at most MAX_MEMBERS files, no
directories kept (a member's base name only, so "../" and absolute paths cannot escape the
upload folder), no links, no nested zips.
"""

from __future__ import annotations

import fcntl
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from analytics.db import ROOT
from analytics.ingest import history

SUFFIXES = (".csv", ".xlsx", ".parquet")
MAX_MEMBERS = 100
MAX_UNPACKED_BYTES = int(os.environ.get("KVALITET_UPLOAD_MAX_UNPACKED_MB", "2048")) * 1024 * 1024
MEMORY_LIMIT_BYTES = int(os.environ.get("KVALITET_LOAD_MEMORY_MB", "3072")) * 1024 * 1024
TIMEOUT_SECONDS = float(os.environ.get("KVALITET_LOAD_TIMEOUT_S", "600"))
_COPY_CHUNK = 1 << 20


class UploadError(ValueError):
    """An upload that cannot be loaded at all (Swedish message, nothing was loaded)."""


@dataclass
class UploadResult:
    approved: bool
    report: str  # the command line's report, word for word
    problems: list[dict] = field(default_factory=list)  # file, row, column, value, rule, detail
    totals: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


_PREFIX = "kvalitet_upload_"
STALE_SECONDS = 24 * 3600


def new_folder() -> Path:
    """A private folder for one upload (removed by `discard`). Folders of sessions that ended
    without choosing other files are removed here once they are a day old."""
    root = Path(tempfile.gettempdir())
    for old in root.glob(_PREFIX + "*"):
        try:
            if time.time() - old.stat().st_mtime > STALE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
    return Path(tempfile.mkdtemp(prefix=_PREFIX))


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _safe_name(name: str) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    if not base or base in (".", "..") or base.startswith(".") or "\x00" in base:
        raise UploadError(f"Filnamnet {name!r} kan inte användas.")
    return base


def add_file(folder: Path, name: str, data: bytes) -> list[str]:
    """Put one uploaded file (or the members of a zip) into folder; the names added."""
    name = _safe_name(name)
    if name.lower().endswith(".zip"):
        return _unzip(folder, name, data)
    if not name.lower().endswith(SUFFIXES):
        raise UploadError(f"{name}: filtypen stöds inte (ladda upp .csv, .xlsx, .parquet eller .zip).")
    target = folder / name
    if target.exists():
        raise UploadError(f"{name}: två filer med samma namn.")
    target.write_bytes(data)
    return [name]


def _unzip(folder: Path, zip_name: str, data: bytes) -> list[str]:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError(f"{zip_name}: filen är ingen giltig zip-fil.") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise UploadError(f"{zip_name}: {len(members)} filer i zip-filen; högst {MAX_MEMBERS} tillåts.")
        declared = sum(m.file_size for m in members)
        if declared > MAX_UNPACKED_BYTES:
            raise UploadError(
                f"{zip_name}: uppackat {_mb(declared)}; högst {_mb(MAX_UNPACKED_BYTES)} tillåts."
            )
        added: list[str] = []
        total = 0
        for m in members:
            parts = PurePosixPath(m.filename.replace("\\", "/")).parts
            if "__MACOSX" in parts or parts[-1].startswith("."):
                continue
            if (m.external_attr >> 16) & 0o170000 == 0o120000:
                raise UploadError(f"{zip_name}: {m.filename} är en länk; länkar packas inte upp.")
            name = _safe_name(m.filename)
            if name.lower().endswith(".zip"):
                raise UploadError(f"{zip_name}: {name} är en zip-fil i zip-filen; packa upp den först.")
            if not name.lower().endswith(SUFFIXES):
                continue  # a readme or a log beside the exports
            target = folder / name
            if target.exists():
                raise UploadError(f"{zip_name}: två filer heter {name} (i olika mappar i zip-filen).")
            with archive.open(m) as src, target.open("wb") as dst:
                while chunk := src.read(_COPY_CHUNK):
                    total += len(chunk)
                    # zipfile stops at a member's declared size; this guards the sum anyway
                    if total > MAX_UNPACKED_BYTES:
                        raise UploadError(f"{zip_name}: uppackat mer än {_mb(MAX_UNPACKED_BYTES)}; avbrutet.")
                    dst.write(chunk)
            added.append(name)
        if not added:
            raise UploadError(f"{zip_name}: inga .csv-, .xlsx- eller .parquet-filer i zip-filen.")
        return added


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB".replace(",", " ")


def _limits(memory: int, cpu_seconds: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_load(
    folder: Path,
    db: Path,
    *,
    user: str,
    profile: str | None = None,
    memory: int = MEMORY_LIMIT_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    on_wait: Callable[[float], None] | None = None,
) -> UploadResult:
    """Validate and load `folder` into `db` in a child process with limits; one load at a time."""
    report_json = folder.parent / f"{folder.name}.report.json"
    command = [sys.executable, "-m", "analytics", "load", str(folder), "--db", str(db)]
    command += ["--source", "uppladdning", "--user", user, "--report-json", str(report_json)]
    if profile:
        command += ["--profile", profile]
    who = {"user": user, "source": "uppladdning", "profile": Path(profile).stem if profile else None}
    lock_path = db.parent / f".{db.name}.load.lock"
    db.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second upload waits for the first
        proc = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_limits(memory, int(timeout) + 1),  # noqa: PLW1509 - only setrlimit, no threads touched
            start_new_session=True,
        )
        try:
            while True:
                try:
                    stdout, stderr = proc.communicate(timeout=1.0)
                    break
                except subprocess.TimeoutExpired:
                    elapsed = time.monotonic() - started
                    if on_wait is not None:
                        on_wait(elapsed)
                    if elapsed > timeout:
                        proc.kill()
                        proc.communicate()
                        reason = f"kontrollen tog mer än {timeout:.0f} s och avbröts"
                        history.append(history.aborted_record(**who, folder=str(folder), reason=reason))
                        return _aborted(reason, time.monotonic() - started)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    seconds = time.monotonic() - started
    try:
        data = json.loads(report_json.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        data = None
    finally:
        report_json.unlink(missing_ok=True)
    if data is None:
        # The child died without a report: killed by the memory limit or crashed.
        reason = (
            "kontrollen avbröts: filerna krävde mer minne än tillåtet eller fick läsaren att krascha"
            if proc.returncode != 0
            else "kontrollen gav ingen rapport"
        )
        history.append(history.aborted_record(**who, folder=str(folder), reason=reason))
        return _aborted(reason, seconds, stderr)
    return UploadResult(
        approved=bool(data["approved"]),
        report=data["report"],
        problems=data.get("problems", []),
        totals=data.get("totals", {}),
        seconds=seconds,
    )


_SAMPLE_CODE = (
    "import json, sys; from pathlib import Path; from analytics.ingest import profiles; "
    "h, s = profiles.read_sample(Path(sys.argv[1]), encoding=sys.argv[2], rows=int(sys.argv[3])); "
    "json.dump({'header': h, 'rows': s}, sys.stdout, default=str)"
)
SAMPLE_MEMORY_BYTES = 2048 * 1024 * 1024
SAMPLE_TIMEOUT_SECONDS = 60.0


def sample(
    path: Path, encoding: str, *, rows: int = 500, memory: int = SAMPLE_MEMORY_BYTES
) -> tuple[list[str], list[list[str | None]]]:
    """The header and first rows of an uploaded file, read in a child process with the same
    kind of limits as the load (the mapping table must not parse an untrusted file in the app)."""
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _SAMPLE_CODE, str(path), encoding, str(rows)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=SAMPLE_TIMEOUT_SECONDS,
            preexec_fn=_limits(memory, int(SAMPLE_TIMEOUT_SECONDS) + 1),  # noqa: PLW1509 - setrlimit only
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UploadError(f"{path.name}: filen tog för lång tid att läsa för förslagen.") from None
    if proc.returncode != 0:
        raise UploadError(f"{path.name} kunde inte läsas för förslagen (fel format eller för stor).")
    data = json.loads(proc.stdout)
    return data["header"], data["rows"]


def _aborted(reason: str, seconds: float, stderr: str = "") -> UploadResult:
    text = f"Inget laddades: {reason}. Databasen är oförändrad.\n"
    last = [line for line in stderr.splitlines() if line.strip()][-1:]
    if last:
        text += f"Sista raden från kontrollen: {last[0][:300]}\n"
    problem = {"file": "", "row": None, "column": None, "value": None, "rule": reason, "detail": None}
    return UploadResult(False, text, [problem], {reason: 1}, seconds)
