"""Search API: GET /api/search (full text, facets) and GET /api/search/similar (while drafting). Public."""

from ninja import Query, Router, Schema
from pydantic import Field

from boucle.search.selectors import MAX_PER_PAGE, search_query, similar_projects

router = Router(tags=["search"])


class SearchHitOut(Schema):
    kind: str
    id: int
    title: str
    url: str
    snippet: str = Field(description="HTML: the text escaped, matched words in <mark>.")
    rank: float
    stage: str
    organization: str | None = Field(None, description="The organization's slug.")


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    q: str
    total: int
    page: int
    per_page: int
    pages: int
    message: str
    hits: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]
    facets_exact: bool = Field(description="False when facets were counted among the first matches only.")


class SearchFilter(Schema):
    q: str = Field("", description="Any text; only its words count (the last one as a prefix).")
    kind: str = Field("", description="project, technology, challenge or comment.")
    tag: str = Field("", description="A tag's slug.")
    stage: str = Field("", description="A project status.")
    organization: str = Field("", description="An organization's slug.")
    page: int = Field(1, ge=1)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)


class SimilarProjectOut(Schema):
    id: int
    title: str
    slug: str
    pitch: str
    url: str
    stage: str
    similarity: float


class SimilarFilter(Schema):
    title: str = ""
    pitch: str = ""
    exclude: int | None = Field(None, ge=1, description="A project's id to leave out (the one being edited).")


@router.get("", response=SearchOut, auth=None, url_name="search")
def search(request, filters: Query[SearchFilter]):
    results = search_query(**filters.dict())
    return {
        "q": results.q,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.num_pages,
        "message": results.message,
        "hits": [
            {
                "kind": hit.kind,
                "id": hit.object.pk,
                "title": hit.title,
                "url": request.build_absolute_uri(hit.url),
                "snippet": str(hit.snippet),
                "rank": hit.rank,
                "stage": hit.stage,
                "organization": hit.organization.slug if hit.organization else None,
            }
            for hit in results.hits
        ],
        "facets_exact": results.facets_exact,
        "facets": {
            name: [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values
            ]
            for name, values in results.facets.items()
        },
    }


@router.get("/similar", response=list[SimilarProjectOut], auth=None, url_name="search_similar")
def similar(request, filters: Query[SimilarFilter]):
    return [
        {
            "id": p.pk,
            "title": p.title,
            "slug": p.slug,
            "pitch": p.pitch,
            "url": request.build_absolute_uri(p.get_absolute_url()),
            "stage": p.status,
            "similarity": p.similarity,
        }
        for p in similar_projects(title=filters.title, pitch=filters.pitch, exclude=filters.exclude)
    ]
