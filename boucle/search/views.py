from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from boucle.search.forms import SearchForm, SimilarForm
from boucle.search.selectors import search_query, similar_projects

FILTERS = ("kind", "stage", "tag", "organization")


def _no_nul(data):
    # NUL characters cannot reach a PostgreSQL lookup, and no word holds one.
    return {k: v.replace("\x00", "") for k, v in data.items()}


def _url(params: dict, **changes) -> str:
    """The search page's query string with ``changes`` applied; empty values and page 1 left out."""
    merged = {**params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v and not (k == "page" and v == 1)})


@require_http_methods(["GET"])
def search(request):
    form = SearchForm(_no_nul(request.GET))
    params = form.params()
    results = search_query(**params)
    base = {k: params[k] for k in ("q", *FILTERS)}
    # Links of the facets: choose a value, or clear the filter (back to page 1 either way).
    for name, values in results.facets.items():
        for value in values:
            value.url = _url(base, **{name: "" if value.selected else value.value})
    context = {
        "form": form,
        "params": params,
        "results": results,
        "active_filters": [
            {"name": name, "value": params[name], "clear_url": _url(base, **{name: ""})}
            for name in FILTERS
            if params[name]
        ],
        "previous_url": _url(base, page=results.page - 1) if results.has_previous else "",
        "next_url": _url(base, page=results.page + 1) if results.has_next else "",
    }
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "search/_results.html", context)
    return render(request, "search/search.html", context)


@require_http_methods(["GET"])
def similar(request):
    """The projects similar to a title and pitch being drafted (the fragment the project form loads)."""
    form = SimilarForm(_no_nul(request.GET))
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    projects = similar_projects(
        title=data.get("title") or "", pitch=data.get("pitch") or "", exclude=data.get("exclude")
    )
    asked = bool(data.get("title") or data.get("pitch"))
    return render(request, "search/similar.html", {"similar": projects, "asked": asked})
