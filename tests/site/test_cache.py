"""The build cache: reused only for the same design, path and code; shared by the CLI and the hook; safe
to lose; the parallel build gives what the serial one does; the site's speed patches change no page."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import markdown
from pymdownx import superfences
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.site import cache, mkdocs_speed
from generator.site.cache import BuildCache, build_each, build_one
from generator.site.pages import site_pages
from tests.conftest import DESIGNS, ROOT
from tests.site.conftest import MKDOCS, MKDOCS_ENV, mini_site

SMALL = DESIGNS / "small-scale.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with one design, the cache on (in the project's .stackplan-cache), as the cwd."""
    (tmp_path / "designs").mkdir()
    shutil.copy(SMALL, tmp_path / "designs" / "small-scale.yaml")
    monkeypatch.delenv(cache.ENV)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_second_build_reuses_the_cache_and_writes_the_same_files(project: Path) -> None:
    first = CliRunner().invoke(main, ["build", "designs", "--out", "a"])
    assert first.exit_code == 0, first.output
    assert "reused" not in first.stderr and "1 design(s): 1 built" in first.stderr
    entries = list((project / cache.CACHE_DIR).glob("*/*.json"))
    assert len(entries) == 1
    second = CliRunner().invoke(main, ["build", "designs", "--out", "b"])
    assert second.exit_code == 0 and "1 reused from the cache" in second.stderr
    assert files(project / "a") == files(project / "b")


def test_build_prints_warnings_and_a_summary(project: Path) -> None:
    result = CliRunner().invoke(main, ["build", "designs", "--out", "out"])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if ": warning " in line]
    assert warnings, result.stderr  # small-scale is not redundant: its single points of failure are warnings
    assert f"0 error(s), {len(warnings)} warning(s)" in result.stderr.splitlines()[-1]


def test_key_follows_the_design_its_path_and_the_templates(project: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store = BuildCache.at(project)
    design = project / "designs" / "small-scale.yaml"
    key = store.key(design, "designs/small-scale.yaml")
    assert key == BuildCache.at(project).key(design, "designs/small-scale.yaml")
    assert key != store.key(design, "other/small-scale.yaml")  # pages and findings name the path
    design.write_text(design.read_text() + "# a comment\n")
    assert key != store.key(design, "designs/small-scale.yaml")
    templates = tmp_path / "templates-copy"
    shutil.copytree(ROOT / "templates", templates)
    monkeypatch.setattr(cache, "_TEMPLATES", templates)
    before = cache.code_version()
    (templates / "site" / "landing.md.j2").write_text("edited\n")
    assert cache.code_version() != before


def test_a_broken_or_foreign_entry_is_a_miss(project: Path) -> None:
    store = BuildCache.at(project)
    design = project / "designs" / "small-scale.yaml"
    key = store.key(design, "designs/small-scale.yaml")
    built = build_one(design, "designs/small-scale.yaml")
    store.put(key, built)
    again = store.get(key)
    assert again == built
    entry = next((project / cache.CACHE_DIR).glob("*/*.json"))
    entry.write_text(entry.read_text()[:1000])  # cut short
    assert store.get(key) is None
    data = json.loads(json.dumps(cache._encode(built)))
    data["valid"] = not data["valid"]  # disagrees with its findings
    entry.write_text(json.dumps(data))
    assert store.get(key) is None
    old = project / cache.CACHE_DIR / "0ld-version"
    old.mkdir()
    store.put(key, built)  # writing prunes the entries of other code versions
    assert not old.exists() and store.get(key) == built


def test_zip_and_downloads_page_are_stored_and_reused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache hit does not zip every file again: the zip and the downloads page come from beside the entry,
    the same bytes as made; a broken one is made again."""
    store = BuildCache.at(project)
    design = project / "designs" / "small-scale.yaml"
    key = store.key(design, "designs/small-scale.yaml")
    built = build_one(design, "designs/small-scale.yaml")
    made = site_pages(built, built.outputs)
    assert [a.path for a in made[len(built.outputs):]] == ["small-scale-files.zip", "downloads.md"]
    assert store.site_pages(key, built) == made  # made and stored
    stored = next((project / cache.CACHE_DIR).glob(f"*/{key}.site.json"))

    def no_zipping(*_: object) -> None:
        raise AssertionError("zipped again")

    monkeypatch.setattr(cache, "site_pages", no_zipping)
    assert BuildCache.at(project).site_pages(key, built) == made
    stored.write_text(stored.read_text()[:500])  # cut short: a miss, made again
    with pytest.raises(AssertionError, match="zipped again"):
        BuildCache.at(project).site_pages(key, built)


def test_zip_of_a_design_with_errors_is_reused_too(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A design with errors still has its site pages (the report, and the files it could make): on a cache
    hit they come from beside the entry too, not zipped again."""
    design = project / "designs" / "small-scale.yaml"
    design.write_text(design.read_text().replace("gateway: 10.10.0.1", "gateway: 10.99.0.1", 1))
    store = BuildCache.at(project)
    key = store.key(design, "designs/small-scale.yaml")
    built = build_one(design, "designs/small-scale.yaml")
    assert not built.valid
    made = site_pages(built, built.outputs)
    assert store.site_pages(key, built) == made

    def no_zipping(*_: object) -> None:
        raise AssertionError("zipped again")

    monkeypatch.setattr(cache, "site_pages", no_zipping)
    assert BuildCache.at(project).site_pages(key, built) == made


def test_commands_collect_garbage_less_often(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    set_to: list[tuple[int, ...]] = []
    monkeypatch.setattr(cache.gc, "set_threshold", lambda *values: set_to.append(values))
    assert CliRunner().invoke(main, ["validate", "designs"]).exit_code == 0
    assert set_to == [cache.GC_THRESHOLDS, cache.gc.get_threshold()]  # while it runs, and as before after
    assert cache.GC_THRESHOLDS[0] >= 10_000


def test_cache_off_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    assert CliRunner().invoke(main, ["build", "designs", "--out", "out"]).exit_code == 0
    assert not (project / cache.CACHE_DIR).exists()


def test_parallel_build_equals_serial() -> None:
    jobs = [(DESIGNS / name, f"designs/{name}") for name in ("small-scale.yaml", "basic-sg.yaml")]
    serial = build_each(jobs, build_one, workers=1)
    parallel = build_each(jobs, build_one, workers=2)
    assert [b.slug for b in parallel] == ["small-scale", "basic-sg"]
    assert parallel == serial


def test_hook_reuses_what_the_cli_built(project: Path) -> None:
    """`mkdocs build` takes a deployment from the cache entry stored under its design's key, as `stackplan
    build` stores it: the entry is given a marker here, and the site shows it."""
    (project / "site-project").mkdir()
    config = mini_site(project / "site-project", (project / "designs" / "small-scale.yaml").read_text())
    folder = config.parent
    store = BuildCache.at(folder)
    design = folder / "designs" / "evil.yaml"
    key = store.key(design, "designs/evil.yaml")
    built = build_one(design, "designs/evil.yaml")
    marked = [a if a.path != "index.md" else type(a)(a.path, str(a.content) + "\nCACHED-MARKER\n", a.kind, a.title,
                                                       a.order) for a in built.outputs]
    store.put(key, type(built)(built.slug, built.title, built.path, built.valid, built.findings, built.summary,
                               marked))
    env = {k: v for k, v in MKDOCS_ENV.items() if k != cache.ENV}
    result = subprocess.run([*MKDOCS, "build", "-q", "-f", str(config), "-d", str(folder / "out")],
                            capture_output=True, text=True, env=env, cwd=folder, check=False)
    assert result.returncode == 0, result.stderr
    page = (folder / "out" / "deployments" / "evil" / "index.html").read_text()
    assert "CACHED-MARKER" in page


def _site(config: Path, out: Path, cache_on: bool = True) -> dict[str, bytes]:
    env = {k: v for k, v in MKDOCS_ENV.items() if k != cache.ENV} if cache_on else {**MKDOCS_ENV, cache.ENV: "off"}
    result = subprocess.run([*MKDOCS, "build", "-q", "-f", str(config), "-d", str(out)], capture_output=True,
                            text=True, env=env, cwd=config.parent, check=False)
    assert result.returncode == 0, result.stderr
    return {k: v for k, v in files(out).items() if not k.startswith("sitemap.xml")}  # sitemaps carry the date


def test_pages_themed_from_the_cache_are_the_pages_themed_anew(project: Path) -> None:
    """A no-op build writes every page from the page cache, byte for byte what the theme made; after an edit
    of the design's title (in every page's navigation) no page keeps its old HTML."""
    (project / "site-project").mkdir()
    config = mini_site(project / "site-project", (project / "designs" / "small-scale.yaml").read_text())
    first = _site(config, project / "one")
    pages = list((config.parent / cache.CACHE_DIR).glob("*/pages/page-*.html"))
    assert len(pages) >= 10
    assert _site(config, project / "two") == first
    for entry in pages:  # the pages do come from the cache
        entry.write_text(entry.read_text() + "<!-- CACHED -->")
    marked = _site(config, project / "marked")
    assert sum(1 for k, v in marked.items() if k.endswith(".html") and v.endswith(b"<!-- CACHED -->")) >= 10
    design = config.parent / "designs" / "evil.yaml"
    design.write_text(design.read_text().replace("name: Small-scale lab", "name: Renamed lab", 1))
    edited = _site(config, project / "three")
    assert edited == _site(config, project / "fresh", cache_on=False)
    assert edited != first and b"Renamed lab" in edited["deployments/evil/ports.html"]


def test_a_rebuild_keeps_unchanged_files_and_removes_what_it_no_longer_makes(project: Path) -> None:
    """A build into the folder of an earlier one leaves a file whose bytes it would write alone (same inode,
    same time), writes a changed one again, removes files and folders it does not make and links (never
    writing through one), keeps hidden files as MkDocs does: the folder is that of a clean build."""
    (project / "site-project").mkdir()
    config = mini_site(project / "site-project", (project / "designs" / "small-scale.yaml").read_text())
    out = project / "out"
    first = _site(config, out)
    page = out / "deployments" / "evil" / "index.html"
    before = (page.stat().st_ino, page.stat().st_mtime_ns)
    edited = out / "deployments" / "evil" / "ports.html"
    edited.write_bytes(b"edited by hand")
    (out / "stale.html").write_text("from a build of long ago")
    (out / "gone" / "deeper").mkdir(parents=True)
    (out / "gone" / "deeper" / "old.txt").write_text("old")
    (out / ".hidden").write_text("MkDocs never removes it")
    outside = project / "outside.html"
    outside.write_text("not the site's")
    (out / "deployments" / "evil" / "linked.html").symlink_to(outside)
    (out / "deployments" / "evil" / "downloads.html").unlink()
    (out / "deployments" / "evil" / "downloads.html").symlink_to(outside)
    second = _site(config, out)
    assert {k: v for k, v in second.items() if k != ".hidden"} == first
    assert (page.stat().st_ino, page.stat().st_mtime_ns) == before
    assert edited.read_bytes() == first["deployments/evil/ports.html"]
    assert not (out / "stale.html").exists() and not (out / "gone").exists()
    assert not (out / "deployments" / "evil" / "linked.html").is_symlink()
    assert not (out / "deployments" / "evil" / "downloads.html").is_symlink()
    assert outside.read_text() == "not the site's" and (out / ".hidden").read_text() == "MkDocs never removes it"


def test_search_event_replaced_gives_what_materials_gives() -> None:
    """Material's search page_context event, replaced in the build's plugins, indexes every page and strips
    data-search attributes as Material does, and runs its pattern only on a page that has one."""
    search = importlib.import_module("material.plugins.search.plugin").SearchPlugin

    def plugin(indexed: list[str]) -> SimpleNamespace:
        made = SimpleNamespace(config=SimpleNamespace(enabled=True),
                               search_index=SimpleNamespace(add_entry_from_context=lambda p: indexed.append(p.content)))
        made.on_page_context = search.on_page_context.__get__(made)
        return made

    contents = ['<h1 id="a">A</h1><p>plain, data-search words in prose</p>',
                '<h2 id="b" data-search-exclude="x">B</h2>\n<p data-search-boost="2">c</p>', ""]
    theirs: list[str] = []
    ours: list[str] = []
    original = plugin(theirs)
    replaced = plugin(ours)
    config = SimpleNamespace(plugins=SimpleNamespace(events={"page_context": [replaced.on_page_context]},
                                                     _event_origins={}))
    mkdocs_speed.search_context_when_needed(config)
    event = config.plugins.events["page_context"][0]
    assert isinstance(event, mkdocs_speed._SearchContext)
    shown = []
    for content in contents:
        page, same = SimpleNamespace(content=content), SimpleNamespace(content=content)
        original.on_page_context({}, page=page, config=None, nav=None)
        event({}, page=same, config=None, nav=None)
        assert same.content == page.content
        shown.append(same.content)
    assert ours == theirs == contents
    assert shown == [contents[0], '<h2 id="b">B</h2>\n<p>c</p>', ""]


def test_shared_formatters_give_the_same_html() -> None:
    text = "".join(f"```{lang}\nhostname sw{n}\ninterface eth{n}\n  mtu 9000\n```\n\n"
                   for n in range(3) for lang in ("text", "yaml", "bash"))
    extensions = ["pymdownx.superfences", "pymdownx.highlight"]
    before = markdown.markdown(text, extensions=extensions)
    mkdocs_speed.share_formatters()
    assert markdown.markdown(text, extensions=extensions) == before


def test_fences_put_back_in_one_pass_give_the_same_html(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = []
    for n in range(40):
        blocks.append(f"Text {n} with `code` and a [link](x.md).\n\n```bash\necho {n}\n```\n")
        blocks.append(f"!!! note \"N{n}\"\n    ```yaml\n    key: {n}\n    ```\n\n    After.\n")
        blocks.append(f"- item {n}\n\n    ```text\n    nested {n}\n    ```\n")
        blocks.append(f"> quoted\n> ```ini\n> a={n}\n> ```\n")
    text = "\n".join(blocks)
    extensions = ["admonition", "pymdownx.superfences", "pymdownx.highlight", "attr_list", "md_in_html"]
    mkdocs_speed.linear_fences()
    processor = superfences.SuperFencesBlockPreprocessor
    after = markdown.markdown(text, extensions=extensions)
    monkeypatch.setattr(processor, "reassemble", getattr(processor.reassemble, "_stackplan_fast"))
    before = markdown.markdown(text, extensions=extensions)
    assert after == before and after.count("<pre") == 160


def test_only_long_blocks_lose_their_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    extensions = ["pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite"]
    mkdocs_speed.plain_long_blocks()
    lines = mkdocs_speed.PLAIN_LINES
    short, long = ("```bash\n" + 'echo "$x"\n' * n + "```\n\nInline `#!bash echo x`.\n" for n in (lines - 1, lines))
    fast = [markdown.markdown(t, extensions=extensions) for t in (short, long)]
    highlight = importlib.import_module("pymdownx.highlight").Highlight
    monkeypatch.setattr(highlight, "highlight", getattr(highlight.highlight, "_stackplan_fast"))
    slow = [markdown.markdown(t, extensions=extensions) for t in (short, long)]
    assert fast[0] == slow[0] and 'class="nb"' in fast[0]  # coloured as before
    assert fast[1] != slow[1] and 'class="nb"' not in fast[1].split("Inline")[0]  # plain
    assert fast[1].count("echo") == lines + 1 and 'class="nb"' in fast[1].split("Inline")[1]  # inline code still


def test_search_index_leaves_out_big_tables() -> None:
    def table(rows: int, name: str) -> str:
        return "<table><thead><tr><th>Host</th></tr></thead><tbody>" + \
            "".join(f"<tr><td>{name}{i}</td></tr>" for i in range(rows - 1)) + "</tbody></table>"

    rows = mkdocs_speed.TABLE_ROWS_INDEXED
    page = f"<h1>Cables</h1><p>Prose about kvm01.</p>{table(rows, 'small')}<pre><code>spanning-tree</code></pre>" \
           f"{table(rows + 1, 'big')}<p>After.</p>"
    kept = mkdocs_speed._indexed(page)
    assert kept == f"<h1>Cables</h1><p>Prose about kvm01.</p>{table(rows, 'small')}<p>After.</p>"


def test_search_entries_of_an_unchanged_page_are_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toc = importlib.import_module("mkdocs.structure.toc")
    search = importlib.import_module("material.plugins.search.plugin")
    monkeypatch.setattr(mkdocs_speed, "_where", [tmp_path])
    monkeypatch.setattr(mkdocs_speed, "_searched", {})
    mkdocs_speed.search_without_code()

    def page(text: str) -> SimpleNamespace:
        content = f'<h1 id="a">A</h1><p>{text}</p><pre><code>x</code></pre><h2 id="b">B</h2><p>More.</p>'
        tokens = [{"level": 1, "id": "a", "name": "A", "children": [{"level": 2, "id": "b", "name": "B",
                                                                     "children": []}]}]
        return SimpleNamespace(meta={}, content=content, toc=toc.get_toc(tokens), url="d/x.html", title="A")

    def entries(p: SimpleNamespace) -> list[dict[str, str]]:
        index = search.SearchIndex(lang=["en"])
        index.add_entry_from_context(p)
        return list(index.entries)

    made = entries(page("kvm01 is here"))
    assert [e["location"] for e in made] == ["d/x.html", "d/x.html#b"] and "kvm01" in made[0]["text"]

    def no_parsing(*_: object) -> None:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patched:
        patched.setattr(search, "Parser", no_parsing)
        assert entries(page("kvm01 is here")) == made  # from memory
        mkdocs_speed._searched.clear()
        assert entries(page("kvm01 is here")) == made  # from the folder
        assert list(tmp_path.glob("search-*.json"))
        with pytest.raises(AssertionError, match="parsed again"):
            entries(page("kvm02 now"))  # another page is parsed
    changed = entries(page("kvm02 now"))
    assert "kvm02" in changed[0]["text"]


def test_search_index_leaves_out_code_but_finds_names(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "<pre" not in text and "<code>#!/" not in text
    configs = [doc for doc in index["docs"] if doc["location"].startswith("deployments/small-scale/switch-configs")]
    assert configs and all("spanning-tree" not in doc["text"] for doc in configs)
    hosts = [doc["location"] for doc in index["docs"] if "lab-kvm01" in doc["text"] or "lab-kvm01" in doc["title"]]
    assert any("small-scale" in location for location in hosts)

