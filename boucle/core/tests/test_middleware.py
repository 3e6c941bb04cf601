import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/members/a%00b/", "/projects/?tag=%00", "/api/members/x%00y", "/orgs/x%00/"])
def test_nul_characters_in_urls_are_a_bad_request_not_a_server_error(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_nul_characters_in_a_json_body_are_refused(user_client):
    response = user_client.patch("/api/me", data='{"display_name": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]
