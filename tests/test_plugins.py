"""Plug-ins: a package that registers a renderer and a classifier is found by name, in Python
and on the command line, through the same entry points the built-ins use."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import contractkit as ck
from contractkit import plugins

CONTRACT = (
    b'AGREEMENT\n\nThis Agreement is between Acme Ltd ("Client") and Bo Li ("Consultant").\n\n'
    b"1. Termination\n\n1.1 Consultant may terminate this Agreement by giving ninety (90) "
    b"days' written notice.\n"
)

PLUGIN = '''
"""A plug-in package written for this test: an HTML renderer and a one-label classifier."""
import html
from contractkit import ClauseType, Label


class HtmlRenderer:
    def render(self, revision, target):
        rows = "".join(
            f"<p class={c.status!r}>{html.escape(c.number or '')} {html.escape(c.text)}</p>"
            for c in revision.clauses
        )
        with open(target, "w", encoding="utf-8") as out:
            out.write(f"<h1>{html.escape(revision.title)}</h1>{rows}")


class Everything:
    def classify(self, clauses):
        return [(Label(ClauseType.INSURANCE, 1.0, ("plug-in",)),) for _ in clauses]


broken = 42
'''


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package installed the way pip leaves one: its module and a .dist-info beside it."""
    (tmp_path / "ck_extras.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "ck_extras-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ck-extras\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [contractkit.renderers]
            html = ck_extras:HtmlRenderer
            missing = ck_extras_gone:Renderer

            [contractkit.classifiers]
            everything = ck_extras:Everything
            broken = ck_extras:broken
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    return tmp_path


def test_built_ins_are_registered_like_plug_ins() -> None:
    assert {"pdf", "redline", "docx", "marked", "markdown"} <= set(plugins.available("renderer"))
    assert "rules" in plugins.available("classifier")
    assert isinstance(plugins.renderer_named("pdf"), ck.Renderer)


def test_a_plug_in_renderer_and_classifier_by_name(installed: Path, tmp_path: Path) -> None:
    assert "html" in plugins.available("renderer")
    revision = ck.revise(CONTRACT)
    assert ck.write(revision, tmp_path / "revised.html", renderer="html") == ()
    page = (tmp_path / "revised.html").read_text(encoding="utf-8")
    assert page.startswith("<h1>AGREEMENT</h1>") and "<p class='replaced'>1.1 " in page
    labelled = ck.extract(CONTRACT, classifier="everything")
    assert all(c.categories == (ck.ClauseType.INSURANCE,) for c in labelled.clauses)


def test_bad_names_say_what_is_installed(installed: Path) -> None:
    with pytest.raises(ck.InvalidOptionError, match="no renderer named 'htm'") as err:
        plugins.renderer_named("htm")
    assert "docx, html, markdown, marked, missing, pdf, redline" in err.value.hint
    with pytest.raises(ck.InvalidOptionError, match="'missing' cannot be loaded"):
        plugins.renderer_named("missing")
    with pytest.raises(ck.InvalidOptionError, match="has no classify"):
        plugins.classifier_named("broken")


def test_the_command_line_finds_plug_ins(installed: Path, tmp_path: Path) -> None:
    source = tmp_path / "contract.txt"
    source.write_bytes(CONTRACT)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), *sys.path])}
    cli = [sys.executable, "-m", "contractkit"]
    out = tmp_path / "out.html"
    done = subprocess.run(
        [*cli, "revise", str(source), "-o", str(out), "--renderer", "html", "-q"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "<p class='replaced'>" in out.read_text(encoding="utf-8")
    done = subprocess.run(
        [*cli, "extract", str(source), "--classifier", "nope"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == ck.ExitCode.USAGE
    assert done.stderr.startswith("contractkit: error: no classifier named 'nope'")
    docx = tmp_path / "revised.docx"  # a .docx name picks the Word renderer
    subprocess.run([*cli, "revise", str(source), "-o", str(docx), "-q"], env=env, check=True)
    assert docx.read_bytes()[:2] == b"PK"
