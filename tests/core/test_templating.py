"""Every template filter on its own."""

from __future__ import annotations

import pytest

from generator.templating import cell, fence, slugify, vlan_expand, vlan_list


@pytest.mark.parametrize(("vlans", "text"), [
    ([], ""), ([5], "5"), ([100, 200, 201, 202], "100,200-202"), ([3, 1, 2, 2], "1-3"), ([1, 3, 5], "1,3,5"),
])
def test_vlan_list(vlans: list[int], text: str) -> None:
    assert vlan_list(vlans) == text
    assert vlan_expand(text) == sorted(set(vlans))


def test_cell_escapes_html_and_pipes() -> None:
    assert str(cell("<script>a|b</script>\nx")) == "&lt;script&gt;a&#124;b&lt;/script&gt; x"
    assert str(cell(None)) == ""


def test_fence_outgrows_backticks_in_text() -> None:
    assert str(fence("a\n", "sh")) == "```sh\na\n```"
    assert str(fence("x ```` y")).startswith("`````\n")


def test_slugify() -> None:
    assert slugify("Zone AMS-1 / Pod 2") == "zone-ams-1-pod-2"
