"""The whole-page cache for anonymous visitors (boucle.core.pagecache): hits, exact invalidation, what is
never cached, CSRF tokens on cached pages."""

import importlib
import pickle
import re

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import clear_url_caches

from boucle.core import pagecache
from boucle.projects import services
from boucle.projects.models import Project
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.BOUCLE_PAGE_CACHE = True
    cache.clear()
    pagecache.reset_stats()
    yield
    cache.clear()


@pytest.fixture
def project(user):
    return make_project(owner=user, publish=True, title="A castle that opens")


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html).group(1)


def test_a_second_anonymous_visit_is_served_from_the_cache(page_cache, project, client):
    # given
    url = project.get_absolute_url()
    first = client.get(url)
    # when
    second = Client().get(url)
    # then
    assert first.status_code == second.status_code == 200
    assert first["X-Boucle-Cache"] == "miss"
    assert second["X-Boucle-Cache"] == "hit"
    assert "A castle that opens" in second.content.decode()
    assert "Cookie" in second["Vary"]


def test_the_query_string_and_the_language_are_part_of_the_key(page_cache, project):
    # given
    Client().get("/projects/")
    # when
    other_page = Client().get("/projects/?sort=new")
    french = Client(headers={"accept-language": "fr"}).get("/projects/")
    # then
    assert other_page["X-Boucle-Cache"] == "miss"
    assert french["X-Boucle-Cache"] == "miss"
    assert french["Content-Language"] == "fr"
    assert Client(headers={"accept-language": "fr"}).get("/projects/")["X-Boucle-Cache"] == "hit"


def test_an_htmx_request_gets_its_fragment_not_the_cached_page(page_cache, project):
    # given
    full = Client().get("/projects/")
    # when
    fragment = Client().get("/projects/", headers={"hx-request": "true", "hx-target": "project-results"})
    # then
    assert fragment["X-Boucle-Cache"] == "miss"
    assert "<html" not in fragment.content.decode()
    assert "<html" in full.content.decode()


@pytest.mark.django_db(transaction=True)  # real commits: the bump waits for them
def test_a_support_makes_the_next_visit_a_miss_with_the_new_count(page_cache, project, other_user):
    # given
    url = project.get_absolute_url()
    assert "0 supporters" in Client().get(url).content.decode()
    assert Client().get(url)["X-Boucle-Cache"] == "hit"
    # when
    services.support_add(actor=other_user, project=project)
    response = Client().get(url)
    # then
    assert response["X-Boucle-Cache"] == "miss"
    assert "1 supporter" in response.content.decode()
    assert Client().get(url)["X-Boucle-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_the_generation_moves_once_when_the_transaction_commits(page_cache, project, other_user):
    # given
    before = pagecache.generation()
    # when
    with transaction.atomic():
        services.support_add(actor=other_user, project=project)
        services.support_withdraw(actor=other_user, project=project)
        during = pagecache.generation()
    # then: nothing moved before the commit (a page read then would hold the old rows), once after it
    assert during == before
    assert pagecache.generation() == before + 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_does_not_bump(page_cache, project, other_user):
    # given
    before = pagecache.generation()
    # when
    with pytest.raises(RuntimeError), transaction.atomic():
        services.support_add(actor=other_user, project=project)
        raise RuntimeError
    # then
    assert pagecache.generation() == before


@pytest.mark.django_db(transaction=True)
def test_a_delete_and_a_many_to_many_change_bump_the_generation(page_cache, project):
    # given
    from boucle.projects.models import Tag

    tag = Tag.objects.create(slug="castles", name="castles")
    before = pagecache.generation()
    # when
    project.tags.add(tag)
    after_add = pagecache.generation()
    tag.delete()
    # then
    assert before < after_add < pagecache.generation()


def test_bulk_writes_invalidate_through_bump(page_cache, project):
    # given
    url = project.get_absolute_url()
    Client().get(url)
    Project.objects.filter(pk=project.pk).update(title="A castle that closes")  # no signal
    assert Client().get(url)["X-Boucle-Cache"] == "hit"
    # when
    pagecache.bump()
    response = Client().get(url)
    # then
    assert response["X-Boucle-Cache"] == "miss"
    assert "A castle that closes" in response.content.decode()


def test_a_lost_generation_restarts_above_every_earlier_one(page_cache):
    # given
    for _ in range(3):
        pagecache.bump()
    before = pagecache.generation()
    # when
    cache.delete(pagecache.GENERATION_KEY)
    # then
    assert pagecache.generation() > before
    assert pagecache.bump() > before


@pytest.mark.django_db(transaction=True)
def _expiry(key):
    """The key's expiry in the cache backend (None: never)."""
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache

    backend = caches["default"]
    if isinstance(backend, FileBasedCache):
        with open(backend._key_to_file(key), "rb") as f:
            return pickle.load(f)
    ttl = backend._cache.get_client(key).ttl(backend.make_and_validate_key(key))
    return None if ttl == -1 else ttl


def test_the_generation_and_the_counters_never_expire(page_cache, project):
    # given
    Client().get("/projects/")
    # when
    pagecache.bump()
    pagecache.bump()
    pagecache.flush_stats()
    # then
    assert _expiry(pagecache.GENERATION_KEY) is None
    assert _expiry(pagecache.MISSES_KEY) is None


@pytest.mark.django_db(transaction=True)
def test_a_log_in_does_not_invalidate_the_cache(page_cache, user):
    # given
    before = pagecache.generation()
    # when
    Client().force_login(user)
    # then
    assert pagecache.generation() == before


def test_signed_in_members_are_never_served_a_cached_page(page_cache, project, other_user, client_for):
    # given
    url = project.get_absolute_url()
    Client().get(url)
    Client().get(url)
    # when
    response = client_for(other_user).get(url)
    # then
    assert "X-Boucle-Cache" not in response
    assert other_user.name in response.content.decode()


def test_a_page_rendered_for_a_member_is_never_stored(page_cache, project, other_user, client_for):
    # given
    url = project.get_absolute_url()
    client_for(other_user).get(url)
    # when
    response = Client().get(url)
    # then
    assert response["X-Boucle-Cache"] == "miss"
    assert other_user.name not in response.content.decode()


def test_log_in_and_sign_up_pages_are_not_cached(page_cache):
    for url in ("/accounts/login/", "/accounts/signup/"):
        Client().get(url)
        response = Client().get(url)
        assert response.status_code == 200
        assert "X-Boucle-Cache" not in response


def test_answers_other_than_200_are_not_stored(page_cache):
    Client().get("/projects/no-such-project/")
    response = Client().get("/projects/no-such-project/")
    assert response.status_code == 404
    assert response["X-Boucle-Cache"] == "miss"


def test_answers_that_set_a_cookie_or_say_private_are_not_stored(page_cache):
    # given
    def sets_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    def private(request):
        response = HttpResponse("hello")
        response["Cache-Control"] = "private"
        return response

    for view in (sets_cookie, private):
        middleware = pagecache.PageCacheMiddleware(view)
        request = RequestFactory().get(f"/a-page/{view.__name__}/")
        # when
        middleware(request)
        response = middleware(RequestFactory().get(f"/a-page/{view.__name__}/"))
        # then
        assert response["X-Boucle-Cache"] == "miss"


def test_posts_and_token_requests_are_not_cached(page_cache, project):
    # given
    Client().get("/api/projects/")
    # when
    with_token = Client().get("/api/projects/", headers={"authorization": "Bearer bcl_nothing"})
    # then
    assert "X-Boucle-Cache" not in with_token
    assert Client().get("/api/projects/")["X-Boucle-Cache"] == "hit"


def test_a_cached_page_carries_a_csrf_token_that_works_for_its_own_visitor(page_cache, project):
    # given: a first visitor fills the cache
    first = Client(enforce_csrf_checks=True)
    first_page = first.get("/projects/")
    assert first_page["X-Boucle-Cache"] == "miss"
    # when: a second visitor, with no cookie, gets the cached page
    second = Client(enforce_csrf_checks=True)
    page = second.get("/projects/")
    # then: its tokens are masked from the second visitor's own secret, set in their cookie
    assert page["X-Boucle-Cache"] == "hit"
    secret = second.cookies["csrftoken"].value
    assert secret != first.cookies["csrftoken"].value
    token = _csrf_token(page.content.decode())
    assert _unmask_cipher_token(token) == secret
    assert f'"X-CSRFToken": "{token}"' in page.content.decode()
    # and the language form on it works
    switched = second.post("/i18n/setlang/", {"language": "fr", "next": "/projects/", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302
    assert second.get("/projects/")["Content-Language"] == "fr"


def test_a_visitor_who_has_a_csrf_cookie_keeps_it_on_a_cached_page(page_cache, project):
    # given
    Client().get("/projects/")
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/technologies/")
    secret = visitor.cookies["csrftoken"].value
    # when
    page = visitor.get("/projects/")
    # then
    assert page["X-Boucle-Cache"] == "hit"
    assert _unmask_cipher_token(_csrf_token(page.content.decode())) == secret


def test_hits_and_misses_are_counted(page_cache, project):
    # given
    url = project.get_absolute_url()
    # when
    for _ in range(3):
        Client().get(url)
    # then
    assert pagecache.stats() == {"hits": 2, "misses": 1, "hit_rate": 2 / 3}


def test_nothing_is_cached_when_the_setting_is_off(settings, project):
    # given
    settings.BOUCLE_PAGE_CACHE = False
    # when
    Client().get("/projects/")
    response = Client().get("/projects/")
    # then
    assert "X-Boucle-Cache" not in response


@pytest.mark.parametrize("enabled", [True, False])
def test_the_floor_view_exists_only_for_the_benchmark(settings, enabled):
    # given
    settings.BOUCLE_BENCH_FLOOR = enabled
    import boucle.urls

    try:
        importlib.reload(boucle.urls)
        clear_url_caches()
        # when
        response = Client().get("/bench/floor/")
    finally:
        settings.BOUCLE_BENCH_FLOOR = False
        importlib.reload(boucle.urls)
        clear_url_caches()
    # then
    if enabled:
        assert response.status_code == 200
        assert response.content == b"ok"
    else:
        assert response.status_code == 404
