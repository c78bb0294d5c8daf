"""Every template filter on its own."""

from __future__ import annotations

import html
import re

import markdown
import pytest

from generator.templating import cell, device_words, fence, slugify, vlan_expand, vlan_list


@pytest.mark.parametrize(("vlans", "text"), [
    ([], ""), ([5], "5"), ([100, 200, 201, 202], "100,200-202"), ([3, 1, 2, 2], "1-3"), ([1, 3, 5], "1,3,5"),
])
def test_vlan_list(vlans: list[int], text: str) -> None:
    assert vlan_list(vlans) == text
    assert vlan_list(frozenset(vlans)) == text  # a set's text is remembered
    assert vlan_list(iter(vlans)) == text
    assert vlan_expand(text) == sorted(set(vlans))


def test_vlan_list_round_trips_any_set() -> None:
    for vlans in ({1, 2, 4, 5, 6, 9}, set(range(2, 4095, 3)) | set(range(100, 200)), {4094}, {1, 4094}):
        assert vlan_expand(vlan_list(vlans)) == sorted(vlans)


def test_cell_escapes_html_and_pipes() -> None:
    assert str(cell("<script>a|b</script>\nx")) == "&lt;script&gt;a&#124;b&lt;/script&gt; x"
    assert str(cell(None)) == ""


def test_fence_outgrows_backticks_in_text() -> None:
    assert str(fence("a\n", "sh")) == "```sh\na\n```"
    assert str(fence("x ```` y")).startswith("`````\n")


def test_slugify() -> None:
    assert slugify("Zone AMS-1 / Pod 2") == "zone-ams-1-pod-2"


@pytest.mark.parametrize(("text", "linked"), [
    ("kvm01 → sw1 → fw1", ["kvm01", "sw1"]),
    ("every host of c1 (kvm01 … kvm12, 12 hosts)", ["kvm01"]),
    ("sw1, console or management session", ["sw1"]),
    ("restart kvm01.", ["kvm01"]),  # a sentence's full stop is not part of the name
    ("configs/sw1.cfg and hosts/kvm01.yaml", []),  # a file named after a device is not the device
    ("kvm01x kvm011 xkvm01", []),
    ("", []),
])
def test_device_words_link_each_device_named(text: str, linked: list[str]) -> None:
    out = str(device_words(text, {"kvm01", "sw1"}, "../devices/"))
    assert re.findall(r"\[([^\]]+)\]\(\.\./devices/\1\.md\)", out) == linked
    # what is not a link is the text as ``cell`` writes it: the page shows the same words
    shown = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", out)
    assert html.unescape(shown) == text


@pytest.mark.parametrize("text", ["<b>kvm01</b>", "*kvm01* | `x` [kvm01](javascript:1)", "  - kvm01  ", "# kvm01"])
def test_device_words_escape_the_rest(text: str) -> None:
    out = str(device_words(text, {"kvm01"}))
    page = markdown.markdown(f"| a |\n|---|\n| {out} |", extensions=["tables"])
    assert "<b>" not in page and "<em>" not in page and "javascript" not in page.split("href=")[-1][:20]
    assert page.count('href="devices/kvm01.md"') == text.count("kvm01")
    cells = re.findall(r"<td>(.*?)</td>", page)
    assert len(cells) == 1, page
    assert html.unescape(re.sub(r"<[^>]+>", "", cells[0])).split() == text.split()
