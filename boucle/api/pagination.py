"""Page-number pagination shared by every list endpoint: ?page=1&page_size=20 (100 at most)."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase


class Pagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100000)
        page_size: int = Field(20, ge=1, le=100)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        page_size: int
        pages: int

    items_attribute = "items"

    def paginate_queryset(self, queryset, pagination: Input, **params):
        count = (
            queryset.count()
            if hasattr(queryset, "count") and not isinstance(queryset, list)
            else len(queryset)
        )
        start = (pagination.page - 1) * pagination.page_size
        return {
            "items": list(queryset[start : start + pagination.page_size]),
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "pages": max(1, -(-count // pagination.page_size)),
        }
