"""The custody log: an append-only, hash-chained record of everything a case received and
of the text it holds, with its head signed outside the case.

Each record holds what was received (path, size, SHA-256), when, by whom and how (``received``
from the reporter's disk, ``extracted`` from a container, ``text``: the hash of one page layer
of a document as it was stored), plus the hash of the previous record; its own hash covers all
of that. Editing, removing or reordering any record breaks the chain. Paths are
``label/relative/path`` under their source; records written before sources existed hold
absolute paths and keep them (rewriting would break the chain): ``Store.relative_path`` shows
them the new way.

What :meth:`CustodyLog.verify` checks, and what each check defeats:

- the chain: an edited, removed or reordered record;
- every stored file has a ``received``/``extracted`` record with its hash, and every such record
  still has its document row with that hash: a document row deleted, or pointed at other bytes;
- every page layer hashes to the last ``text`` record of its document and layer, and every
  recorded layer is still there: text edited, added or removed in the database;
- the anchor (``custody.anchor`` beside the database) names a record of the chain and carries a
  signature, HMAC-SHA-256 with a key kept outside every case (:class:`AnchorKey`): records
  removed from the end with the anchor rewritten, or the whole chain recomputed, since nobody
  without the key can sign the new head;
- the head this machine last signed for the case (kept beside the key) is still in the chain:
  an older, validly signed anchor put back after the chain was cut to match it;
- a receipt the reporter kept (``SEQ:HASH``, ``kavosh custody export-head``): the chain still
  holds that record, so nothing up to it was changed. A case last signed on another machine
  cannot be checked here except against such a receipt.

:meth:`CustodyLog.audit` also checks the stored originals themselves against their hashes.

:class:`CustodyLog` is the chain's logic over any :class:`~kavosh.store.base.CustodyStore`;
:class:`CustodySql` is that family's SQL, one of the mixins of
:class:`kavosh.store.sqlstore.SqlStore`. Appending reads the head and inserts after it in one
transaction, which holds the write lock from its start (the dialect's ``begin``), so two
writers never give two records the same sequence number.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import astuple, dataclass, field
from pathlib import Path

from kavosh.archive import BlobState, BlobStore
from kavosh.model import PageText
from kavosh.model.progress import NoProgress, Progress
from kavosh.store.base import CustodyStore
from kavosh.store.records import CustodyRecord, now
from kavosh.store.sql import FIRST_PATH, SqlCore

GENESIS = "0" * 64
RECORD_COLUMNS = ("seq, at, actor, action, path, size, sha256, document_id, detail, prev_hash,"
                  " hash")
TEXT = "text"  # the action of a record holding one page layer's hash (detail: the layer)
STORED = ("received", "extracted")  # the actions of records naming a stored original
LISTED = "listed"  # a folder received (its files have their own records)
REFUSED = "refused"  # something given that could not be stored (detail: why)
ROWS = (LISTED, REFUSED)  # records naming a document row that has no original
# The kind of row a ``listed`` or ``refused`` record ``c`` names.
# The row a ``listed`` or ``refused`` record ``c`` names: its kind, and its key (the path
# received, prefixed), so a forged row that reuses a deleted one's id is not taken for it.
_ROW_KIND = (f"(CASE c.action WHEN '{LISTED}' THEN 'directory' ELSE 'entry' END)"
             f" AND d.key = (CASE c.action WHEN '{LISTED}' THEN 'dir:' ELSE 'entry:' END)"
             " || c.path")
MIN_RECEIPT_DIGITS = 16  # a receipt may shorten the hash, to no fewer hex digits than this
KEY_ENV = "KAVOSH_CUSTODY_KEY"
SIGN_HINT = ("a case last written elsewhere is checked with its writer's receipt (`kavosh custody"
             " verify --receipt SEQ:HASH`); once you trust the case as it is, `kavosh custody"
             " sign` makes this machine vouch for it")


@dataclass(slots=True)
class CustodyAudit:
    """What :meth:`CustodyLog.audit` found. ``problems`` break the chain of custody (exit 1);
    ``anchor`` are those of them ``kavosh custody sign`` may settle (an anchor missing, not
    signed, or signed on another machine); ``warnings`` deserve a look but do not: an
    original whose bytes match yet is writable (a copy to a disk without Unix modes does that),
    a file in the archive no record names (a killed run leaves those until it is resumed)."""

    records: int
    originals: int
    rehashed: bool
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    anchor: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def record_hash(prev_hash: str, fields: list[object]) -> str:
    """The hash of a record: SHA-256 over the previous hash and the record's canonical JSON."""
    body = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def own_hash(rec: CustodyRecord) -> str:
    """What ``rec``'s hash must be, given its fields and the hash it says precedes it."""
    return record_hash(rec.prev_hash, [rec.seq, rec.at, rec.actor, rec.action, rec.path,
                                       rec.size, rec.sha256, rec.document_id, rec.detail])


def text_hash(pages: Iterable[tuple[int, str]]) -> str:
    """The hash of one page layer: SHA-256 over the canonical JSON of its ``[number, text]``
    pairs in page order. Only the words and where they are count: the engine that read them
    and OCR's bookkeeping are not what a reporter quotes."""
    body = json.dumps(sorted(pages), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def parse_receipt(receipt: str) -> tuple[int, str]:
    """``SEQ:HASH`` (what ``kavosh custody export-head`` printed) as ``(seq, hash prefix)``;
    raises ``ValueError`` saying what a receipt looks like."""
    seq, _, digest = receipt.strip().partition(":")
    digest = digest.strip().lower()
    if not (seq.strip().isdigit() and len(digest) >= MIN_RECEIPT_DIGITS
            and all(c in "0123456789abcdef" for c in digest)):
        raise ValueError(f"not a custody receipt: {receipt!r} (expected SEQ:HASH, as"
                         " `kavosh custody export-head` prints it)")
    return int(seq), digest


def default_key_path() -> Path:
    """``$KAVOSH_CUSTODY_KEY``, else ``custody.key`` in Kavosh's configuration folder
    (``$XDG_CONFIG_HOME/kavosh``, else ``~/.config/kavosh``): outside every case."""
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV])
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "kavosh" / "custody.key"


class AnchorKey:
    """This machine's secret for signing custody anchors, kept outside every case (created on
    first use, readable by its owner only), and its memory of the last head it signed for each
    case (``custody-heads/`` beside it, by case folder and by the chain's first record).

    The key is symmetric (HMAC-SHA-256, the standard library's): only a machine holding it can
    check a signature. Its fingerprint, written into each anchor, names it without revealing
    it; a partner checks a case with the reporter's receipt instead."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.heads = path.parent / "custody-heads"
        self._secret: bytes | None = None

    def secret(self, create: bool = False) -> bytes | None:
        """The key (None when this machine has none and ``create`` is false)."""
        if self._secret is None:
            try:
                self._secret = bytes.fromhex(self.path.read_text().strip())
            except FileNotFoundError:
                if create:
                    self._secret = self._create()
        return self._secret

    def _create(self) -> bytes:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, self.path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        return bytes.fromhex(self.path.read_text().strip())

    @staticmethod
    def fingerprint(secret: bytes) -> str:
        return hashlib.sha256(b"kavosh custody key\n" + secret).hexdigest()[:16]

    @staticmethod
    def signature(secret: bytes, seq: int, digest: str) -> str:
        return hmac.new(secret, f"kavosh custody anchor\n{seq}\n{digest}".encode(),
                        hashlib.sha256).hexdigest()

    def remembered(self, names: Iterable[str]) -> list[tuple[int, str]]:
        """The heads this machine signed under any of ``names``."""
        found = []
        for name in names:
            try:
                head = json.loads((self.heads / f"{name}.json").read_text())
                found.append((int(head["seq"]), str(head["hash"])))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return found

    def remember(self, names: Iterable[str], seq: int, digest: str) -> None:
        self.heads.mkdir(parents=True, exist_ok=True, mode=0o700)
        for name in names:
            _write_json(self.heads / f"{name}.json", {"seq": seq, "hash": digest, "at": now()})

    def forget(self, names: Iterable[str]) -> None:
        """Drop what this machine remembers under ``names`` (nothing there is fine)."""
        for name in names:
            (self.heads / f"{name}.json").unlink(missing_ok=True)


def _write_json(path: Path, value: object) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(value) + "\n")
    os.replace(tmp, path)


@dataclass(frozen=True, slots=True)
class Anchor:
    """What ``custody.anchor`` holds: the head, and who signed it (None: nobody)."""

    seq: int
    hash: str
    key: str | None
    signature: str | None


class AnchorUnreadable(ValueError):
    """The anchor file is not what Kavosh writes (its message says so, for the report)."""


def read_anchor(path: Path) -> Anchor | None:
    """The anchor at ``path``, None when there is none; raises :class:`AnchorUnreadable`."""
    try:
        raw = json.loads(path.read_bytes())
        anchor = Anchor(int(raw["seq"]), str(raw["hash"]), raw.get("key"), raw.get("signature"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise AnchorUnreadable(f"the custody anchor {path.name} is unreadable (not what Kavosh"
                               f" writes: {type(error).__name__}); it was damaged or rewritten"
                               ) from error
    if not (isinstance(anchor.key, str | None) and isinstance(anchor.signature, str | None)):
        raise AnchorUnreadable(f"the custody anchor {path.name} is unreadable (not what Kavosh"
                               " writes); it was damaged or rewritten")
    return anchor


class CustodyLog:
    def __init__(self, store: CustodyStore, anchor: Path, key: AnchorKey | None = None) -> None:
        """``anchor`` is the case's anchor file (beside its database); ``key`` this machine's
        signing key (by default at :func:`default_key_path`)."""
        self.store = store
        self.anchor = anchor
        self.key = key or AnchorKey(default_key_path())

    def append(
        self,
        *,
        actor: str,
        action: str,
        path: str,
        size: int | None,
        sha256: str | None,
        document_id: int | None,
        detail: str = "",
    ) -> CustodyRecord:
        """Append a record inside the caller's transaction (or one of its own)."""
        with self.store.transaction():
            last = self.store.custody_head()
            seq, prev = (1, GENESIS) if last is None else (last[0] + 1, last[1])
            at = now()
            fields: list[object] = [seq, at, actor, action, path, size, sha256, document_id,
                                    detail]
            record = CustodyRecord(seq, at, actor, action, path, size, sha256, document_id,
                                   detail, prev, record_hash(prev, fields))
            self.store.add_custody_record(record)
        return record

    def record_text(self, *, actor: str, document_id: int, path: str,
                    pages: Iterable[PageText]) -> None:
        """Append a ``text`` record for each layer of ``pages``: the layer's
        :func:`text_hash` and its page count. Call it inside the transaction that stores the
        pages, giving every page of each layer written (a layer is recorded whole): whoever
        writes page text must, or ``verify`` reports the layer as written outside Kavosh."""
        layers: dict[str, list[tuple[int, str]]] = {}
        for page in pages:
            layers.setdefault(page.layer.value, []).append((page.number, page.text))
        for layer, texts in layers.items():
            self.append(actor=actor, action=TEXT, path=path, size=len(texts),
                        sha256=text_hash(texts), document_id=document_id, detail=layer)

    def write_anchor(self) -> None:
        """Sign the chain's head and write it beside the database. Commits a batch in progress
        first (:meth:`~kavosh.store.base.Transactional.commit_batch`), so the anchor never names
        a record a kill could still take back; call it outside any other transaction. An
        anchor that shows tampering, or that this machine cannot vouch for (signed elsewhere,
        or by a Kavosh before signing), is left as it is for ``verify`` to report, until
        ``kavosh custody sign``: a run never signs over evidence."""
        self.store.commit_batch()
        head = self.store.custody_head()
        if head is None or any(self._anchor_findings(self.store.custody_hash, head[0], None,
                                                     signing=True)[:2]):
            return
        self.sign()

    def sign(self) -> tuple[int, str] | None:
        """Sign the current head with this machine's key (made on first use), write the
        anchor and remember the head; returns it (None for an empty log). Unconditional:
        callers check first (``write_anchor``, ``kavosh custody sign``)."""
        head = self.store.custody_head()
        if head is None:
            return None
        secret = self.key.secret(create=True)
        assert secret is not None
        seq, digest = head
        _write_json(self.anchor, {"seq": seq, "hash": digest,
                                  "key": AnchorKey.fingerprint(secret),
                                  "signature": AnchorKey.signature(secret, seq, digest)})
        self.key.remember(self._names(self.store.custody_hash(1)), seq, digest)
        return head

    def new_case(self) -> None:
        """Kavosh has just made a new case in this folder: forget the head this machine
        signed for a case that was there before (deleted, then made again at the same path),
        so its memory is not read as this case's chain having lost records. The old chain is
        still remembered under its first record, wherever a copy of it turns up; a case
        whose database was swapped without Kavosh making a new one is still reported."""
        if self.store.custody_head() is None:
            self.key.forget(self._names(None))

    def receipt(self) -> str | None:
        """The head as a receipt the reporter keeps outside the case: ``SEQ:HASH``."""
        head = self.store.custody_head()
        return None if head is None else f"{head[0]}:{head[1]}"

    def records(self) -> list[CustodyRecord]:
        return self.store.custody_records()

    def verify(self, receipt: str | None = None) -> list[str]:
        """Every problem found in the log, in words; an empty list means it is intact.
        ``receipt`` (``SEQ:HASH``) must name a record of the chain."""
        return self._check(self.records(), receipt).problems

    def audit(self, archive: BlobStore, *, rehash: bool = True,
              progress: Progress | None = None, receipt: str | None = None) -> CustodyAudit:
        """:meth:`verify` the log, then check every stored original: present, of its size,
        read-only and (with ``rehash``, one read of each) still hashing to its SHA-256.
        Each changed or missing original is a problem naming its document and path."""
        progress = progress or NoProgress()
        report = self._check(self.records(), receipt)
        report.rehashed = rehash
        progress.phase("re-hashing" if rehash else "checking", self.store.count_originals())
        for document_id, sha256, size, path in self._originals():
            problem, warning = original_finding(archive, document_id, sha256, size, path,
                                                rehash)
            report.problems.extend(problem)
            report.warnings.extend(warning)
            report.originals += 1
            progress.advance()
        report.warnings.extend(self._unknown_blobs(archive))
        return report

    def text_problems(self, document_id: int) -> list[str]:
        """Each of the document's page layers that no longer hashes to its last ``text``
        record (that record's own hash checked too, not the whole chain): what the web UI
        checks on every view, cheaply."""
        latest = {rec.detail: rec for rec in self.store.custody_text_records(document_id)}
        texts: dict[str, list[tuple[int, str]]] = {}
        for page_of, layer, number, text in self.store.page_texts(document_id - 1, 1):
            if page_of == document_id:  # else the next document with pages: this one has none
                texts.setdefault(layer, []).append((number, text))
        return [f"its {layer} text was changed after custody record {rec.seq} recorded it"
                for layer, pages in texts.items()
                if (rec := latest.get(layer)) is not None
                and (own_hash(rec) != rec.hash or text_hash(pages) != rec.sha256)]

    # --- the checks -------------------------------------------------------------------------

    def _check(self, records: list[CustodyRecord], receipt: str | None) -> CustodyAudit:
        report = CustodyAudit(len(records), 0, True)
        heads = self._check_chain(records, report.problems)
        problems, report.anchor, warnings = self._anchor_findings(
            heads.get, max(heads, default=0), receipt)
        report.problems += problems + report.anchor
        report.warnings += warnings
        report.problems += self._check_documents(records, report.warnings)
        report.problems += self._check_text(records, report.warnings)
        return report

    @staticmethod
    def _check_chain(records: list[CustodyRecord], problems: list[str]) -> dict[int, str]:
        """Check each record's place and hash; returns ``seq → hash`` of the records."""
        prev = GENESIS
        heads: dict[int, str] = {}
        for expected_seq, rec in enumerate(records, start=1):
            if rec.seq != expected_seq:
                problems.append(f"record {expected_seq} is missing (found {rec.seq} in its place)")
            if rec.prev_hash != prev:
                problems.append(f"record {rec.seq} does not follow the record before it")
            if own_hash(rec) != rec.hash:
                problems.append(f"record {rec.seq} was altered (its hash does not match)")
            prev = rec.hash
            heads[rec.seq] = rec.hash
        return heads

    def _names(self, first: str | None) -> list[str]:
        """The names this machine remembers the case's signed head under: its folder, and the
        chain's first record (so a moved case is still known)."""
        names = [f"case:{self.anchor.parent.resolve()}"] + ([f"chain:{first}"] if first else [])
        return [hashlib.sha256(name.encode()).hexdigest()[:32] for name in names]

    def _anchor_findings(self, hash_at: Callable[[int], str | None], last: int,
                         receipt: str | None, signing: bool = False
                         ) -> tuple[list[str], list[str], list[str]]:
        """``(problems, signable, warnings)`` about the anchor, this machine's memory of the
        case and the receipt. ``signable`` problems are those ``kavosh custody sign`` may
        settle: the anchor is missing or cannot be checked here (not signed, or signed
        elsewhere); the others are tampering. ``hash_at(seq)`` is the chain's record hash
        (None: no such record), ``last`` its last sequence number. ``signing``: whether a run
        may sign the head now (a new case has no anchor yet)."""
        problems: list[str] = []
        signable: list[str] = []
        warnings: list[str] = []
        vouched = 0
        if receipt is not None:
            seq, digest = parse_receipt(receipt)
            found = hash_at(seq)
            if found is None or not found.startswith(digest):
                problems.append(f"the chain no longer holds the record your receipt names"
                                f" ({seq}:{digest[:12]}…): records were removed or the chain"
                                " rewritten since")
            else:
                vouched = seq
        remembered = self.key.remembered(self._names(hash_at(1)))
        for seq, digest in remembered:
            if hash_at(seq) != digest:
                problems.append(f"this machine signed the chain up to record {seq}"
                                f" ({digest[:12]}…) and the chain no longer holds it: records"
                                " were removed or the chain rewritten (or this is an older copy"
                                " of the case)")
        try:
            anchor = read_anchor(self.anchor)
        except AnchorUnreadable as error:
            return [*problems, str(error)], signable, warnings
        if anchor is None:
            if last and (remembered or not signing):
                signable.append("the custody anchor file is missing")
            return problems, signable, warnings
        if hash_at(anchor.seq) is None:
            problems.append(f"records after {last} were removed (the anchor names {anchor.seq})")
        elif hash_at(anchor.seq) != anchor.hash:
            problems.append(f"record {anchor.seq} differs from the one the anchor recorded")
        secret = self.key.secret()
        if (secret is not None and AnchorKey.fingerprint(secret) == anchor.key
                and not hmac.compare_digest(AnchorKey.signature(secret, anchor.seq, anchor.hash),
                                            str(anchor.signature))):
            problems.append("the custody anchor was rewritten: its signature does not match")
        elif (issue := self._unchecked(anchor, secret)) and vouched:
            warnings.append(f"{issue}; your receipt vouches for records 1–{vouched}")
        elif issue:
            signable.append(f"{issue}: {SIGN_HINT}")
        return problems, signable, warnings

    @staticmethod
    def _unchecked(anchor: Anchor, secret: bytes | None) -> str | None:
        """Why this machine cannot check the anchor's signature (None: it can)."""
        if anchor.signature is None:
            return ("the custody anchor is not signed (a Kavosh from before anchors were signed"
                    " wrote it, or it was rewritten)")
        if secret is None or AnchorKey.fingerprint(secret) != anchor.key:
            mine = "none" if secret is None else AnchorKey.fingerprint(secret)
            return (f"the custody anchor was signed with key {anchor.key}, not this machine's"
                    f" ({mine}); it cannot be checked here")
        return None

    def _check_documents(self, records: list[CustodyRecord], warnings: list[str]) -> list[str]:
        missing = [f"stored document {document_id} ({sha256[:12]}…) has no custody record"
                   for document_id, sha256 in self.store.files_without_custody()]
        # Folders and refused items were recorded from the same release as page text: a row
        # older than every document such a record names predates it (a warning until `sign`);
        # a newer one was added outside Kavosh.
        since = min((rec.document_id for rec in records if rec.document_id is not None
                     and rec.action in (TEXT, *ROWS)), default=None)
        older = 0
        for document_id, kind, path in self.store.rows_without_custody():
            if since is None or document_id < since:
                older += 1
            else:
                missing.append(f"{kind} {document_id} ({path}) has no custody record: it was"
                               " added outside Kavosh")
        if older:
            warnings.append(f"{older} folders or refused items were received before Kavosh"
                            " recorded them in the custody log (`kavosh custody sign` records"
                            " them as they are now)")
        return missing + [
            f"custody record {seq} names document {document_id} ({path}, {sha256[:12]}…),"
            " which is no longer in the case as recorded: its row was deleted or changed"
            for seq, document_id, path, sha256 in self.store.records_without_document()]

    def _check_text(self, records: list[CustodyRecord], warnings: list[str]) -> list[str]:
        """Every page layer against the last ``text`` record of its document and layer."""
        latest: dict[tuple[int, str], CustodyRecord] = {}
        stored_at: dict[int, int] = {}  # document → seq of its first received/extracted record
        for rec in records:
            if rec.document_id is None:
                continue
            if rec.action == TEXT:
                latest[(rec.document_id, rec.detail)] = rec
            elif rec.action in STORED:
                stored_at.setdefault(rec.document_id, rec.seq)
        first_text = min((rec.seq for rec in latest.values()), default=None)
        covered = {document_id for document_id, _ in latest}
        problems: list[str] = []
        older = 0
        for document_id, layer, pages in self._page_layers():
            last = latest.pop((document_id, layer), None)
            what = f"the {layer} text of document {document_id}"
            if last is not None:
                if text_hash(pages) != last.sha256:
                    problems.append(f"{what} was changed after custody record {last.seq}"
                                    " recorded it")
            elif document_id in covered or (first_text is not None
                                            and stored_at.get(document_id, 0) > first_text):
                problems.append(f"{what} has no custody record: it was written outside Kavosh")
            else:
                older += 1
        problems += [f"the {layer} text of document {document_id} was removed (custody record"
                     f" {rec.seq} recorded it)" for (document_id, layer), rec in latest.items()]
        if older:
            warnings.append(f"{older} page layers were stored before Kavosh recorded text in the"
                            " custody log: their text is not covered (`kavosh custody sign`"
                            " records it as it is now)")
        return problems

    def adopt(self, actor: str) -> int:
        """What ``kavosh custody sign`` does once its checks pass: record every page layer
        that has no ``text`` record, then sign the head with this machine's key. Returns how
        many layers were recorded."""
        added = self.record_uncovered_text(actor)
        self.record_uncovered_rows(actor)
        self.sign()
        return added

    def record_uncovered_rows(self, actor: str) -> int:
        """Append a ``listed``/``refused`` record for every folder or refused item that has
        none (a case made before they were recorded); returns how many."""
        rows = self.store.rows_without_custody()
        with self.store.transaction():
            for document_id, kind, path in rows:
                self.append(actor=actor, action=LISTED if kind == "directory" else REFUSED,
                            path=path, size=None, sha256=None, document_id=document_id)
        return len(rows)

    def record_uncovered_text(self, actor: str) -> int:
        """Append a ``text`` record for every page layer that has none (a case made before
        text was recorded); returns how many. ``kavosh custody sign`` does it."""
        covered = {(rec.document_id, rec.detail) for rec in self.records() if rec.action == TEXT}
        added = 0
        with self.store.transaction():
            for document_id, layer, pages in self._page_layers():
                if (document_id, layer) not in covered:
                    self.append(actor=actor, action=TEXT, path="", size=len(pages),
                                sha256=text_hash(pages), document_id=document_id, detail=layer)
                    added += 1
        return added

    def _page_layers(self, batch: int = 500) -> Iterator[tuple[int, str, list[tuple[int, str]]]]:
        """``(document id, layer, [(number, text), …])`` of every page layer, in document
        order, read ``batch`` documents at a time."""
        after = 0
        while rows := self.store.page_texts(after, batch):
            key: tuple[int, str] | None = None
            pages: list[tuple[int, str]] = []
            for document_id, layer, number, text in rows:
                if key != (document_id, layer):
                    if key is not None:
                        yield key[0], key[1], pages
                    key, pages = (document_id, layer), []
                pages.append((number, text))
            if key is not None:
                yield key[0], key[1], pages
            after = rows[-1][0]

    def _originals(self, batch: int = 1000) -> Iterator[tuple[int, str, int | None, str]]:
        """``(document id, sha256, size, first path)`` of every stored file, in id order."""
        after = 0
        while rows := self.store.originals(after, batch):
            yield from rows
            after = rows[-1][0]

    def _unknown_blobs(self, archive: BlobStore) -> Iterator[str]:
        for path in archive.stored():
            known = path == archive.path(path.name) and self.store.is_stored_file(path.name)
            if not known:
                where = path.relative_to(archive.root.parent)
                yield (f"{where} is not known to the case (left by an interrupted run until it"
                       " is resumed, or put there by hand)")


def original_finding(archive: BlobStore, document_id: int, sha256: str, size: int | None,
                     path: str, rehash: bool) -> tuple[list[str], list[str]]:
    """``(problems, warnings)`` about one stored original: missing or changed is a problem,
    writable a warning."""
    state = archive.check(sha256, size, rehash)
    what = f"original of document {document_id}" + (f" ({path})" if path else "")
    if state is BlobState.MISSING:
        return [f"{what} is missing from the archive"], []
    if state is BlobState.CHANGED:
        return [f"{what} was changed: it no longer matches its SHA-256 {sha256[:12]}…"], []
    if state is BlobState.WRITABLE:
        return [], [f"{what} is writable (originals are stored read-only); its bytes "
                    + ("still match" if rehash else "were not re-hashed")]
    return [], []


class CustodySql(SqlCore):
    """SQL for :class:`kavosh.store.base.CustodyStore`."""

    def custody_head(self) -> tuple[int, str] | None:
        row = self._one("SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1")
        return None if row is None else (int(row[0]), str(row[1]))

    def add_custody_record(self, record: CustodyRecord) -> None:
        self.execute(f"INSERT INTO custody ({RECORD_COLUMNS})"
                     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", astuple(record))

    def custody_records(self) -> list[CustodyRecord]:
        rows = self._all(f"SELECT {RECORD_COLUMNS} FROM custody ORDER BY seq")
        return [CustodyRecord(*tuple(r)) for r in rows]

    def count_originals(self) -> int:
        return self._count(
            "SELECT COUNT(*) FROM documents WHERE kind = 'file' AND sha256 IS NOT NULL")

    def originals(self, after_id: int, limit: int) -> list[tuple[int, str, int | None, str]]:
        rows = self._all(
            f"SELECT d.id, d.sha256, d.size, {FIRST_PATH} FROM documents d"
            " WHERE d.kind = 'file' AND d.sha256 IS NOT NULL AND d.id > ? ORDER BY d.id"
            " LIMIT ?", (after_id, limit))
        return [(int(r[0]), str(r[1]), r[2], str(r[3] or "")) for r in rows]

    def is_stored_file(self, sha256: str) -> bool:
        return self._one("SELECT 1 FROM documents WHERE key = ? AND kind = 'file'",
                         (sha256,)) is not None

    def custody_hash(self, seq: int) -> str | None:
        row = self._one("SELECT hash FROM custody WHERE seq = ?", (seq,))
        return None if row is None else str(row[0])

    def custody_text_records(self, document_id: int) -> list[CustodyRecord]:
        rows = self._all(f"SELECT {RECORD_COLUMNS} FROM custody WHERE document_id = ?"
                         " AND action = ? ORDER BY seq", (document_id, TEXT))
        return [CustodyRecord(*tuple(r)) for r in rows]

    def page_texts(self, after_id: int, documents: int) -> list[tuple[int, str, int, str]]:
        rows = self._all(
            "SELECT document_id, layer, number, text FROM pages WHERE document_id > ?"
            " AND document_id <= (SELECT MAX(document_id) FROM (SELECT DISTINCT document_id"
            " FROM pages WHERE document_id > ? ORDER BY document_id LIMIT ?) AS batch)"
            " ORDER BY document_id, layer, number", (after_id, after_id, documents))
        return [(int(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in rows]

    def records_without_document(self) -> list[tuple[int, int, str, str]]:
        rows = self._all(
            "SELECT c.seq, c.document_id, c.path, c.sha256 FROM custody c"
            " WHERE c.action IN (?, ?) AND c.document_id IS NOT NULL AND NOT EXISTS"
            " (SELECT 1 FROM documents d WHERE d.id = c.document_id AND d.kind = 'file'"
            " AND d.sha256 = c.sha256)"
            " UNION ALL SELECT c.seq, c.document_id, c.path, c.sha256 FROM custody c"
            " WHERE c.action IN (?, ?) AND c.document_id IS NOT NULL AND NOT EXISTS"
            f" (SELECT 1 FROM documents d WHERE d.id = c.document_id AND d.kind = {_ROW_KIND})"
            " ORDER BY 1", (*STORED, *ROWS))
        return [(int(r[0]), int(r[1]), str(r[2]), str(r[3] or "")) for r in rows]

    def files_without_custody(self) -> list[tuple[int, str]]:
        rows = self._all(
            "SELECT d.id, d.sha256 FROM documents d WHERE d.kind = 'file' AND NOT EXISTS"
            " (SELECT 1 FROM custody c WHERE c.document_id = d.id AND c.sha256 = d.sha256)")
        return [(int(r[0]), str(r[1])) for r in rows]

    def rows_without_custody(self) -> list[tuple[int, str, str]]:
        rows = self._all(
            "SELECT d.id, d.kind, d.key FROM documents d WHERE d.kind != 'file'"
            " AND NOT EXISTS (SELECT 1 FROM custody c WHERE c.document_id = d.id"
            f" AND c.action IN (?, ?) AND d.kind = {_ROW_KIND}) ORDER BY d.id", ROWS)
        return [(int(r[0]), str(r[1]), str(r[2]).partition(":")[2]) for r in rows]
