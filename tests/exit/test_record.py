"""The interaction record: hash chain, tamper detection, atomic imports, concurrent writers."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import contractkit as ck
from contractkit.exit import record
from tests.exit.test_notice import pdf_words

UTC = dt.UTC


def eml(subject: str = "Extra pages", *, body: str = "Please add two pages at no cost.") -> bytes:
    return textwrap.dedent(
        f"""\
        From: Tom Reed <tom@northwind.example>
        To: Jane Doe <jane@janedoe.example>
        Cc: Ops <ops@northwind.example>
        Date: Mon, 3 Mar 2025 09:15:00 +0100
        Subject: {subject}
        Message-ID: <{abs(hash(subject))}@northwind.example>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="XYZ"

        --XYZ
        Content-Type: text/plain; charset=utf-8

        {body}
        --XYZ
        Content-Type: application/pdf
        Content-Disposition: attachment; filename="brief.pdf"
        Content-Transfer-Encoding: base64

        JVBERi0xLjQKJcfsj6IKCg==
        --XYZ--
        """
    ).encode()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "matter.sqlite"
    mail = tmp_path / "extra-pages.eml"
    mail.write_bytes(eml())
    with ck.InteractionLog(path) as log:
        log.add(
            "call",
            "Client asked for two extra pages at no cost.",
            occurred=dt.datetime(2025, 3, 2, 14, 0, tzinfo=UTC),
            participants=["Jane Doe", "Tom Reed"],
            tags=["scope-creep"],
        )
        log.import_files([mail], tags=["scope-creep"])
        log.add("note", "Invoice 17 is 20 days overdue.", tags=["late-payment"])
    return path


def test_entries_chain_and_search(store: Path) -> None:
    with ck.InteractionLog(store) as log:
        entries = log.entries()
        assert [e.kind for e in entries] == ["call", "email", "note"]
        call, mail, _ = entries
        assert call.prev_hash == record.GENESIS
        assert mail.prev_hash == call.entry_hash
        assert mail.occurred == dt.datetime(2025, 3, 3, 8, 15, tzinfo=UTC)
        assert mail.participants[0] == "Tom Reed <tom@northwind.example>"
        assert dict(mail.details)["cc"] == "Ops <ops@northwind.example>"
        assert [a.name for a in mail.attachments] == ["extra-pages.eml", "brief.pdf"]
        assert log.attachment(mail.seq, 1).startswith(b"%PDF-1.4")
        assert mail.attachments[1].sha256 == ck._io.sha256(log.attachment(mail.seq, 1))
        assert [e.seq for e in log.search("EXTRA pages")] == [1, 2]
        assert [e.seq for e in log.search(tags=["late-payment"])] == [3]
        assert [e.seq for e in log.search("brief.pdf")] == [2]  # attachment names
        assert [e.seq for e in log.search(kinds=["email"])] == [2]
        since = dt.datetime(2025, 3, 3, tzinfo=UTC)
        assert [e.seq for e in log.search(since=since, until=since + dt.timedelta(days=1))] == [2]
        check = log.verify()
        assert check.ok and check.entries == 3 and check.head == log.entries()[-1].entry_hash


def _tamper(store: Path, sql: str) -> None:
    db = sqlite3.connect(store)
    db.execute(sql)
    db.commit()
    db.close()


def test_edited_row_is_found(store: Path) -> None:
    _tamper(store, "UPDATE entries SET summary = 'Client was polite.' WHERE seq = 1")
    with ck.InteractionLog(store) as log:
        check = log.verify()
    assert not check.ok and check.first_bad == 1 and "altered" in (check.problem or "")


def test_edited_attachment_is_found(store: Path) -> None:
    _tamper(store, "UPDATE attachments SET data = X'00' WHERE entry = 2 AND position = 1")
    with ck.InteractionLog(store) as log:
        check = log.verify()
    assert check.first_bad == 2 and "brief.pdf" in (check.problem or "")


def test_rehashed_row_breaks_the_chain(store: Path) -> None:
    # someone edits a row and recomputes its content hash: the chain link still gives it away
    with ck.InteractionLog(store) as log:
        first = log.entries()[0]
    content = record.canonical(
        1,
        "call",
        first.occurred.isoformat(),
        first.recorded.isoformat(),
        first.title,
        "Nothing happened.",
        first.participants,
        first.tags,
        (),
        (),
    )
    digest = ck._io.sha256(content)
    _tamper(
        store,
        f"UPDATE entries SET summary = 'Nothing happened.', content_hash = '{digest}' "
        "WHERE seq = 1",
    )
    with ck.InteractionLog(store) as log:
        check = log.verify()
    assert check.first_bad == 1 and "follows" in (check.problem or "")


@pytest.mark.parametrize(("seq", "problem"), [(2, "skips from entry 1 to entry 3"), (1, "skips")])
def test_deleted_row_is_found(store: Path, seq: int, problem: str) -> None:
    _tamper(store, f"DELETE FROM entries WHERE seq = {seq}")
    with ck.InteractionLog(store) as log:
        check = log.verify()
    assert not check.ok and check.first_bad == seq and problem in (check.problem or "")


def test_deleted_last_row_is_found(store: Path) -> None:
    _tamper(store, "DELETE FROM entries WHERE seq = 3")
    with ck.InteractionLog(store) as log:
        check = log.verify()
    assert check.first_bad == 3 and "recorded 3 entries" in (check.problem or "")


def test_a_rebuilt_log_misses_the_head_noted_earlier(store: Path, tmp_path: Path) -> None:
    with ck.InteractionLog(store) as log:
        noted = log.verify().head
        assert log.verify(head=noted[:16]).ok and log.verify(head=record.GENESIS).ok
    # Someone rewrites the whole file: a valid chain, without the entries the user relied on.
    store.unlink()
    with ck.InteractionLog(store) as log:
        log.add("note", "Invoice 17 was paid on time.")
        assert log.verify().ok
        check = log.verify(head=noted)
        with pytest.raises(ck.InvalidOptionError, match="not a head hash"):
            log.verify(head="d91b")
    assert not check.ok and check.first_bad is None
    assert check.failure.startswith(f"the head {noted[:16]}… noted earlier is not in the chain")
    cli = [sys.executable, "-m", "contractkit", "log", "verify", "--store", str(store)]
    done = subprocess.run([*cli, "--head", noted], capture_output=True, text=True, check=False)
    assert done.returncode == ck.ExitCode.TAMPERED and "not in the chain" in done.stderr


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (eml().replace(b"--XYZ--", b""), "CloseBoundaryNotFound"),
        (eml().replace(b"From: Tom Reed <tom@northwind.example>\n", b""), "no From header"),
        (eml().replace(b"Date: Mon, 3 Mar 2025 09:15:00 +0100", b"Date: someday"), "Date"),
        (eml().replace(b"JVBERi0xLjQKJcfsj6IKCg==", b"JVBERi0xLjQKJcfsj6IKCg="), "Base64"),
        (b"\x00\x01 not a message at all", "header lines"),
    ],
)
def test_corrupt_email_stores_nothing(store: Path, tmp_path: Path, data: bytes, why: str) -> None:
    good, bad = tmp_path / "good.eml", tmp_path / "bad.eml"
    good.write_bytes(eml("Another subject"))
    bad.write_bytes(data)
    with ck.InteractionLog(store) as log:
        with pytest.raises(ck.CorruptInputError, match=why) as err:
            log.import_files([good, bad])
        assert "bad.eml" in str(err.value) and "nothing was stored" in str(err.value)
        assert len(log.entries()) == 3
        assert log.verify().ok


def test_interrupted_import_leaves_the_log_as_it_was(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [tmp_path / f"m{i}.eml" for i in range(3)]
    for i, path in enumerate(files):
        path.write_bytes(eml(f"Subject {i}"))
    real = record.InteractionLog._append
    calls = []

    def crash_on_second(self: record.InteractionLog, draft: record.Draft) -> ck.LogEntry:
        calls.append(draft)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, draft)

    monkeypatch.setattr(record.InteractionLog, "_append", crash_on_second)
    with ck.InteractionLog(store) as log, pytest.raises(KeyboardInterrupt):
        log.import_files(files)
    monkeypatch.undo()
    with ck.InteractionLog(store) as log:
        assert len(log.entries()) == 3 and log.verify().ok
        assert len(log.import_files(files)) == 3  # the retry stores all three
        assert log.import_files(files) == ()  # and a second import skips them
        assert log.verify().entries == 6


WRITER = """
import sys, contractkit as ck
with ck.InteractionLog(sys.argv[1]) as log:
    for i in range(int(sys.argv[3])):
        log.add("note", f"writer {sys.argv[2]} note {i}", tags=["w" + sys.argv[2]])
"""


def test_two_writers_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    ck.InteractionLog(path).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, "40"])
        for name in ("a", "b")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    with ck.InteractionLog(path) as log:
        check = log.verify()
        assert check.ok and check.entries == 80
        assert len(log.search(tags=["wa"])) == len(log.search(tags=["wb"])) == 40
        mode = log._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_documents_and_refusals(tmp_path: Path) -> None:
    pdf = tmp_path / "signed-sow.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% test\n")
    png = tmp_path / "screenshot.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    other = tmp_path / "notes.docx"
    other.write_bytes(b"PK\x03\x04 zip")
    with ck.InteractionLog(tmp_path / "m.sqlite") as log:
        docs = log.import_files([pdf, png], note="As signed", tags=["Scope Creep"])
        assert [(d.kind, d.attachments[0].media_type) for d in docs] == [
            ("document", "application/pdf"),
            ("document", "image/png"),
        ]
        assert docs[0].tags == ("scope-creep",) and docs[0].summary == "As signed"
        with pytest.raises(ck.UnsupportedInputError):
            log.import_files([other])
        with pytest.raises(ck.InvalidOptionError, match="invalid tag"):
            log.add("note", "x", tags=["no way!"])
        with pytest.raises(ck.InvalidOptionError):
            log.add("email", "x")  # type: ignore[arg-type]
    not_a_log = tmp_path / "plain.txt"
    not_a_log.write_text("hello")
    with pytest.raises(ck.RecordError, match="not an interaction log"):
        ck.InteractionLog(not_a_log)
    other_db = tmp_path / "other.sqlite"
    db = sqlite3.connect(other_db)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(ck.RecordError, match="not an interaction log"):
        ck.InteractionLog(other_db)
    emptied = tmp_path / "emptied.sqlite"  # truncated to nothing: not "0 entries, intact"
    emptied.write_bytes(b"")
    with pytest.raises(ck.RecordError, match="an empty file, not an interaction log"):
        ck.InteractionLog(emptied, create=False)
    with ck.InteractionLog(emptied) as log:  # a new log may start in an empty file
        assert log.verify().entries == 0


def test_dossier_pdf(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dossier.pdf"
    with ck.InteractionLog(store) as log:
        check = log.export(out, title="Northwind dossier")
        mail = log.entries()[1]
    assert check.ok
    text = pdf_words(out)
    assert "Northwind dossier" in text
    assert "Verified: the hash chain of all 3 entries is intact." in text
    assert "Index" in text and "#2 email: Extra pages" in text
    assert text.index("#1 call") < text.index("#2 email") < text.index("#3 note")
    for attachment in mail.attachments:
        assert attachment.sha256 in text.replace(" ", "")
    _tamper(store, "DELETE FROM entries WHERE seq = 2")
    with ck.InteractionLog(store) as log:
        assert not log.export(out).ok
    assert "VERIFICATION FAILED: entry 2 was removed" in pdf_words(out)
