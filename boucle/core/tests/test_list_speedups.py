"""The helpers that keep list pages cheap give the same answers as Django's own."""

import re

import pytest
from django import forms
from django.core.paginator import Paginator
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from boucle.core.pagination import CappedPaginator
from boucle.core.urlcache import plain_url, slug_url
from boucle.core.widgets import FastSelect


@given(
    rows=st.integers(min_value=0, max_value=400),
    per_page=st.integers(min_value=1, max_value=30),
    cap=st.integers(min_value=1, max_value=120),
    asked=st.one_of(st.integers(min_value=-3, max_value=60), st.text(max_size=3), st.none()),
)
def test_capped_paginator_pages_hold_the_same_rows_as_django(rows, per_page, cap, asked):
    items = list(range(rows))
    page_number = asked if isinstance(asked, int) and asked >= 1 else 1  # not a page number: the first page
    exact = Paginator(items, per_page).get_page(page_number)
    capped_paginator = CappedPaginator(items, per_page, cap=cap)
    capped = capped_paginator.get_page(asked)
    if capped_paginator.capped:
        # Not counted to the end: the page is the one asked for (or the first), and there is a next one.
        assert capped.has_next()
        assert capped_paginator.count < rows
        assert list(capped.object_list) == items[(capped.number - 1) * per_page : capped.number * per_page]
    else:
        assert capped_paginator.count == rows
        assert capped.number == exact.number
        assert list(capped.object_list) == list(exact.object_list)
        assert capped.has_next() == exact.has_next()


def test_capped_paginator_keeps_deep_pages_reachable():
    paginator = CappedPaginator(list(range(10_000)), 24, cap=100)
    page = paginator.get_page(200)
    assert page.number == 200
    assert page.object_list[0] == 199 * 24
    assert page.has_next()


@pytest.mark.django_db
def test_capped_paginator_counts_a_queryset_with_a_limit(django_assert_num_queries):
    from boucle.accounts.models import User

    for i in range(7):
        User.objects.create_user(username=f"member{i}", email=f"m{i}@example.org", password="x")
    paginator = CappedPaginator(User.objects.order_by("pk"), 2, cap=3)
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 3
    assert paginator.capped
    assert "LIMIT" in captured.captured_queries[0]["sql"].upper()


def test_slug_url_is_what_reverse_gives():
    for slug in ["a", "castle-2", "x_y", "UPPER"]:
        assert slug_url("project_detail", slug) == reverse("project_detail", args=[slug])
    assert plain_url("project_list") == reverse("project_list")


class _Form(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "All"), ("red", "Red <b>"), ("blue", 'Blue "sky"')], required=False, widget=FastSelect
    )
    grouped = forms.ChoiceField(
        choices=[("Warm", [("r", "Red"), ("o", "Orange")]), ("Cold", [("b", "Blue")])], widget=FastSelect
    )


@pytest.mark.parametrize("data", [{}, {"colour": "red", "grouped": "b"}, {"colour": "nope"}])
def test_fast_select_writes_what_django_select_writes(data):
    form = _Form(data or None)
    form.is_valid()
    for name in form.fields:
        bound = form[name]
        fast = str(bound)
        slow = forms.Select.render(
            form.fields[name].widget,
            bound.html_name,
            bound.value(),
            bound.build_widget_attrs({"id": bound.auto_id}),
        )

        def attrs(html):  # same tags, same attributes, whatever their order and the whitespace between tags
            return [
                (tag, sorted(re.findall(r'(\w[\w-]*)(?:="([^"]*)")?', rest)))
                for tag, rest in re.findall(r"<(/?\w+)([^>]*)>", re.sub(r">\s+<", "><", html))
            ]

        assert attrs(fast) == attrs(slow)
        assert re.sub(r"<[^>]+>|\s", "", fast) == re.sub(r"<[^>]+>|\s", "", slow)  # same (escaped) labels
