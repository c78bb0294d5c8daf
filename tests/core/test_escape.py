"""Every escaping function on its own, and the template environments that apply them."""

from __future__ import annotations

import csv
import io
import json
import shlex
import subprocess

import markdown as md
import pytest
import yaml
from graphviz import Digraph  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from generator import escape as esc
from generator.templating import LANGUAGES, environment, language_of

HOSTILE = ["plain", "", "a b", "x\ny; touch /tmp/pwned", "a'b\"c$(id)", "`id`", "{: onerror=alert(1) }",
           "<img src=x onerror=alert(1)>", "[l](javascript:alert(1))", "../../x", '}"];\n', "tab\there",
           "bidi\u202eevil", "line\u2028sep", "back\\slash", "-n", "# heading", "1. item", "   indented  "]


def test_one_line_leaves_no_line_break() -> None:
    assert esc.one_line("a\nb\r\nc\u2028d\u0085e\x00f") == "a b  c d e f"
    assert esc.one_line("bidi\u202eevil") == "bidi evil"
    assert esc.one_line("é ü 中") == "é ü 中"


@pytest.mark.parametrize("text", HOSTILE)
def test_shell_is_one_word_of_the_same_value(text: str) -> None:
    assert shlex.split(esc.shell(text)) == [text]
    assert shlex.split(f"echo {esc.shell_line_word(text)}") == ["echo", esc.one_line(text)]
    assert esc.shell("ens1f0") == "ens1f0"  # plain words stay as they are
    done = subprocess.run(["bash", "-c", f"printf %s {esc.shell(text)}"], capture_output=True, text=True, check=True)
    assert done.stdout == text


def test_shell_comment_cannot_end_the_comment() -> None:
    name = "kvm1\ntouch /tmp/pwned"
    script = f"# host {esc.shell_comment(name)}\n"
    assert script.count("\n") == 1


def test_shell_words_quotes_each_word() -> None:
    assert esc.shell_words(["a", "b c", "d'e"]) == "a 'b c' 'd'\"'\"'e'"
    assert shlex.split(esc.shell_words(["a", "b c"])) == ["a", "b c"]


def test_shell_error_word_is_inert_in_a_parameter_expansion() -> None:
    hint = esc.shell_error_word("that Ceph user's key $(id) `id` } \\ \"")
    script = f': "${{RBD_SECRET:?export RBD_SECRET from your vault: {hint}}}"\n'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode != 0  # the variable is missing: bash stops with the message
    assert "uid=" not in done.stderr and "that Ceph user\u2019s key" in done.stderr


def test_shell_double_quoted_keeps_the_value() -> None:
    text = 'a"b$c`d\\e'
    done = subprocess.run(["bash", "-c", f'printf %s "{esc.shell_double_quoted(text)}"'], capture_output=True,
                          text=True, check=True)
    assert done.stdout == text


@pytest.mark.parametrize("text", HOSTILE)
def test_switch_text_is_one_printable_line(text: str) -> None:
    out = esc.switch_text(text)
    assert "\n" not in out and "?" not in out and out.isascii() and out.isprintable()
    assert esc.switch_text("peer-link leaf2 (Ethernet1/49)") == "peer-link leaf2 (Ethernet1/49)"


@pytest.mark.parametrize("text", HOSTILE)
def test_junos_is_one_word(text: str) -> None:
    out = esc.junos(text)
    assert len(shlex.split(out)) == 1 or out == '""'
    assert esc.junos("ae1") == "ae1"
    assert esc.junos("peer link") == '"peer link"'
    assert esc.junos_quoted("uplink") == '"uplink"'
    assert esc.junos_words(["100", "a b"]) == '100 "a b"'


@pytest.mark.parametrize("text", [*HOSTILE, "010", "0x10", "22:22", "true", "no", "~", "null", "1e3", "- x", "a: b"])
def test_yaml_scalar_reads_back_as_the_string(text: str) -> None:
    assert yaml.safe_load(f"key: {esc.yaml_scalar(text)}") == {"key": text}
    assert yaml.safe_load(f"key: [{esc.yaml_words([text, 'b'])}]") == {"key": [text, "b"]}


def test_yaml_scalar_keeps_plain_words_and_numbers() -> None:
    assert esc.yaml_scalar("bond0") == "bond0"
    assert esc.yaml_scalar("10.0.0.1/24") == "10.0.0.1/24"
    assert esc.yaml_scalar(9000) == "9000"
    assert esc.yaml_scalar(True) == "true"
    assert esc.yaml_comment("a\nb") == "a b"


def _html(text: str) -> str:
    return md.markdown(text, extensions=["attr_list", "md_in_html", "tables", "admonition", "pymdownx.superfences",
                                         "pymdownx.tasklist", "pymdownx.details", "pymdownx.tabbed"])


@pytest.mark.parametrize("text", [*HOSTILE, "![a](x){: onerror=alert(1) }", "Lab {: autofocus onfocus=alert(1) }",
                                  "*e* _u_ **b**", "a | b", "!!! danger", "- [ ] task", "=== \"tab\"", "> quote",
                                  "---", "&lt;b&gt;", "<!-- c -->", "x  "])
def test_markdown_text_is_never_markup(text: str) -> None:
    for where in ("{}", "Text {} more.", "## {}", "| {} | b |\n|---|---|\n| c | d |"):
        line = where.format(esc.markdown(text))
        clean = where.format("word")
        html, expected = _html(line), _html(clean)
        tags = [t for t in ("<img", "<a ", "<em", "<strong", "<code", "<b>", "<h1", "<h3", "<li", "<blockquote",
                            "<div", "<hr", "<br", "<!--", "<input", "<pre") if t in html and t not in expected]
        assert not tags, (line, html)
        assert "onerror" not in html.replace("onerror=alert", "") or "onerror=" not in html.split(">", 1)[0]


def test_markdown_shows_the_text() -> None:
    assert str(esc.markdown("a_b [x](y) <b>")) == "a_b &#91;x&#93;(y) &lt;b&gt;"
    assert str(esc.markdown("x\n  y ")) == "x y"
    assert str(esc.markdown("# h")) == "&#35; h"
    assert str(esc.markdown(Markup("**mine**"))) == "**mine**"  # the project's own Markdown passes


@pytest.mark.parametrize("text", ["a`b", "``x``", "`", "a\nb", "<b>"])
def test_md_code_is_one_code_span_of_the_text(text: str) -> None:
    html = _html(f"see {esc.md_code(text)}")
    assert html.count("<code>") == 1
    assert "<b>" not in html


@pytest.mark.parametrize(("target", "expected"), [
    ("hosts/kvm01.sh", "hosts/kvm01.sh"), ("https://example.org/a", "https://example.org/a"),
    ("javascript:alert(1)", "#"), ("JAVASCRIPT:x", "#"), ("data:text/html,x", "#"), ("//evil.org/x", "#"),
    ("a b(c).sh", "a%20b%28c%29.sh"), ('x"><img', "x%22%3E%3Cimg"),
])
def test_md_url_allows_only_relative_and_http(target: str, expected: str) -> None:
    assert str(esc.md_url(target)) == expected


def test_html_title_survives_striptags() -> None:
    title = esc.html_title("</title><img src=x onerror=alert(1)>\nx")
    assert "<" not in Markup(title).striptags() and "\n" not in title


def test_exports_path_is_one_field() -> None:
    assert esc.exports_path("/export/pri1") == "/export/pri1"
    assert esc.exports_path("/a b\n*(rw)") == "/a\\040b\\012\\052\\050rw\\051"


def test_csv_cells_are_never_formulas() -> None:
    text = esc.csv_text(["a", "b"], [["=1+1", 3], ["-x", "plain"], ["@SUM(A1)", "a,b\nc"]])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["a", "b"], ["'=1+1", "3"], ["'-x", "plain"], ["'@SUM(A1)", "a,b\nc"]]
    assert esc.csv_cell(-5) == -5  # numbers stay numbers


@pytest.mark.parametrize("text", HOSTILE)
def test_dot_label_is_a_plain_label(text: str) -> None:
    graph = Digraph()
    graph.node("n", label=esc.dot_label(text))
    source = graph.source
    done = subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('class="node"') == 1
    assert esc.dot_label("a\\N") == "a\\\\N"


@pytest.mark.parametrize("text", HOSTILE)
def test_dot_url_is_one_link_of_a_node(text: str) -> None:
    """A node's URL: the node stays one node, the SVG holds one link, and its target is the text
    percent-encoded (no backslash for Graphviz to expand, no quote or bracket to end the attribute)."""
    url = esc.dot_url(f"../devices/{text}.html")
    assert not set(url) & set('\\"<>\n \'`{}|')
    graph = Digraph()
    graph.node("n", label="x", URL=url)
    done = subprocess.run(["dot", "-Tsvg"], input=graph.source, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count('class="node"') == 1
    assert done.stdout.count("<a xlink:href=") == 1
    assert f'xlink:href="{url}"' in done.stdout


def test_link_url_refuses_other_schemes() -> None:
    assert esc.link_url("javascript:alert(1)") == "#"
    assert esc.dot_url("back\\N.html") == "back%5CN.html"
    assert esc.link_url("../devices/a b&c.html") == "../devices/a%20b%26c.html"


# --- the template environments -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "language"), [
    ("host/nmcli/host.sh.j2", "shell"), ("host/netplan/host.yaml.j2", "yaml"), ("plan/ip-plan.md.j2", "markdown"),
    ("switch/juniper_junos/config.j2", "junos"), ("switch/cisco_nxos/config.j2", "switch"),
])
def test_every_template_has_a_language(name: str, language: str) -> None:
    assert language_of(name) == language


def test_a_template_without_a_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no output language"):
        language_of("site/page.txt.j2")


@pytest.mark.parametrize(("language", "check"), [
    ("shell", lambda out: shlex.split(out) == ["echo", "x y; touch z"]),
    ("switch", lambda out: out.count("\n") == 0),
    ("junos", lambda out: len(shlex.split(out)) == 2),
    ("yaml", lambda out: "\n" not in out and yaml.safe_load(out.replace("echo ", "k: ")) == {"k": "x\ny; touch z"}),
    ("markdown", lambda out: "\n" not in out),
])
def test_every_expression_is_escaped_without_a_filter(language: str, check: object) -> None:
    out = environment(language).from_string("echo {{ v }}").render(v="x\ny; touch z")
    assert callable(check) and check(out), out


def test_macro_output_and_trusted_text_are_not_escaped_twice() -> None:
    template = environment("shell").from_string(
        "{% macro m(v) %}a {{ v }}{% endmacro %}{{ m('b c') }} {{ '#' | trusted }} {{ 'x\ny' | comment }}")
    assert template.render() == "a 'b c' # x y"
    assert set(LANGUAGES) == {"markdown", "shell", "switch", "junos", "yaml"}


def test_json_outputs_use_the_serialiser() -> None:
    text = 'a"b\n'
    assert json.loads(json.dumps({"k": text})) == {"k": text}


_MARKDOWN_CHARACTERS = "ab1 0._-#>+*:=!?~`[]{}|&<>\"'\\\t\n\r\x7f\u00e9\u2028()/,@%$;^"


@pytest.mark.parametrize("text", [*HOSTILE, "kvm01", "10.0.0.1/24", "1.", "1. x", "- a", "--", "a  b", "!!!", ":::",
                                  "a_b", "_a", "x ", " x", "a\tb", "é", "(a)", "a, b: c/d"])
def test_markdown_plain_text_shortcut_escapes_as_every_character_is(text: str) -> None:
    assert esc.markdown(text) == esc._markdown(text)


@given(st.text(alphabet=_MARKDOWN_CHARACTERS, max_size=8))
def test_markdown_shortcut_agrees_on_any_text(text: str) -> None:
    assert esc.markdown(text) == esc._markdown(text)
