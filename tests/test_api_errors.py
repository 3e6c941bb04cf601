"""The API answers in its own JSON error format, even for requests Django refuses before the endpoint."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_body_over_the_upload_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        "/api/projects/anything/support", data=b'{"x": "' + b"a" * 5000 + b'"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is too large."}
