"""Word 97–2003 (.doc) and RTF through LibreOffice headless, converted to DOCX then read as DOCX.

Contract:

- LibreOffice runs with a private profile in ``ctx.workdir/lo-profile`` (so parallel workers
  never share one), writes only into ``ctx.workdir`` (its ``HOME`` and ``TMPDIR`` are there
  too), and is killed after ``TIMEOUT`` seconds;
- without ``soffice``/``libreoffice`` on PATH: ``IngestError`` saying which Debian package to
  install; a failed conversion: ``IngestError("LibreOffice could not convert this file …")``;
- the pages and metadata are those of :class:`kavosh.ingest.office.DocxIngestor`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from kavosh.ingest.base import IngestContext, IngestError, IngestResult, Probe
from kavosh.ingest.office import DAMAGED, check_package, docx_text
from kavosh.ingest.sniff import DOC, RTF
from kavosh.model import PageText

VERSION = "1"
TIMEOUT = 120
MISSING = (
    "DOC/RTF files need LibreOffice: install the Debian package libreoffice-writer-nogui "
    "(scripts/install-system.sh does this)"
)


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(source: Path, suffix: str, workdir: Path, target: str,
                             package: str) -> Path:
    """:func:`convert` with the LibreOffice on PATH; without one, ``IngestError`` naming the
    Debian ``package`` that reads ``suffix`` files."""
    program = soffice()
    if program is None:
        raise IngestError(f"{suffix.lstrip('.').upper()} files need LibreOffice: install the "
                          f"Debian package {package} (scripts/install-system.sh does this)")
    return convert(program, source, suffix, workdir, target)


def convert(program: str, source: Path, suffix: str, workdir: Path, target: str,
            timeout: int = TIMEOUT) -> Path:
    """Convert ``source`` with LibreOffice to format ``target`` (e.g. ``docx``) inside ``workdir``.

    The input is copied to ``workdir/input<suffix>`` first, so its hostile name never reaches
    the command line. Returns the converted file's path.
    """
    job = workdir.resolve() / "lo"
    out = job / "out"
    out.mkdir(parents=True, exist_ok=True)
    staged = job / f"input{suffix}"
    shutil.copyfile(source, staged)
    profile = (workdir / "lo-profile").resolve().as_uri()
    command = [
        program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
        "--nolockcheck", "--nodefault", "--convert-to", target, "--outdir", str(out),
        str(staged),
    ]
    # Its temporary files go into the job folder too, not the system's /tmp. (Only its
    # single-instance socket stays there: LibreOffice hard-codes /tmp for it; it is named by a
    # hash of the profile path, carries nothing of the file, and is removed on exit.)
    scratch = job / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(job), "TMPDIR": str(scratch), "SAL_USE_VCLPLUGIN": "svp"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env, cwd=job,
                               start_new_session=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise IngestError(
            f"LibreOffice took longer than {timeout} seconds converting this file; stopped"
        ) from None
    finally:
        _kill(process)
    converted = out / f"input.{target.split(':', 1)[0]}"
    if process.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        detail = output.decode("utf-8", errors="replace").strip().splitlines()
        tail = detail[-1][:300] if detail else f"exit status {process.returncode}"
        raise IngestError(f"LibreOffice could not convert this file ({tail})")
    return converted


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End the LibreOffice process group, helpers included, even after the launcher exited."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        if process.poll() is None:
            process.kill()
    process.wait()


class LegacyIngestor:
    """Legacy Word (.doc) and RTF documents, through LibreOffice."""

    name = "legacy"
    version = VERSION

    def match(self, probe: Probe) -> float:
        return 0.8 if probe.mime in (DOC, RTF) else 0.0

    def ingest(self, source: Path, ctx: IngestContext) -> IngestResult:
        program = soffice()
        if program is None:
            raise IngestError(MISSING)
        with open(source, "rb") as stream:
            is_rtf = stream.read(5) == b"{\\rtf"
        mime, suffix = (RTF, ".rtf") if is_rtf else (DOC, ".doc")
        converted = convert(program, source, suffix, ctx.workdir, "docx")
        check_package(converted, ctx.limits, "converted")
        try:
            text, metadata = docx_text(converted)
        except DAMAGED as error:
            raise IngestError(f"LibreOffice converted this file into a damaged one: {error}") \
                from None
        metadata["converted_by"] = "LibreOffice"
        page = PageText(number=1, text=text, engine=self.name, engine_version=self.version)
        return IngestResult(mime=mime, pages=[page], metadata=metadata)
