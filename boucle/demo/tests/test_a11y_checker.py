"""The accessibility checker the demo crawl uses finds what it should (so a clean crawl means something)."""

from boucle.demo.tests.a11y import page_problems

GOOD = """<!doctype html><html lang="en"><body><h1>Title</h1>
<label for="q">Search</label><input id="q" name="q">
<label>Note <textarea name="note"></textarea></label>
<input type="hidden" name="csrf"><button type="submit">Go</button>
<select name="sort" aria-label="Sort"></select>
<a href="/x">Text</a> <a href="/y" aria-label="Home"><svg></svg></a> <a href="/z"><img src="a.png" alt="Logo"></a>
</body></html>"""


def test_a_page_with_labels_alts_and_named_links_passes():
    assert page_problems(GOOD) == []


def test_each_kind_of_problem_is_named():
    bad = """<html><body><input name="q"><img src="a.png"><a href="/x"> </a>
    <p id="one"></p><p id="one"></p></body></html>"""
    problems = page_problems(bad)
    assert "<html> has no lang" in problems
    assert any("<input name='q'> has no label" in p for p in problems)
    assert any("has no alt" in p for p in problems)
    assert any("a link with no text or name" in p for p in problems)
    assert any("id 'one' used twice" in p for p in problems)
    assert len(problems) == 5
