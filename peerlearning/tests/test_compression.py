"""HTML is compressed, except where a secret could leak through it (BREACH)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_page_reached_by_a_link_is_compressed_for_everyone(client, member_client):
    for who in (client, member_client):
        response = who.get("/", **GZIP)
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert b"<!DOCTYPE html>" in gzip.decompress(response.content)


def test_a_signed_in_search_is_not_compressed_and_a_signed_out_one_is(client, member_client):
    mine = member_client.get("/search/?q=detention", **GZIP)
    assert mine.status_code == 200
    assert not mine.has_header("Content-Encoding")
    assert b"detention" in mine.content
    public = client.get("/search/?q=detention", **GZIP)
    assert public.status_code == 200
    assert public["Content-Encoding"] == "gzip"


def test_pages_showing_secrets_are_never_compressed(client, member_client):
    tokens = member_client.get("/profile/tokens/", **GZIP)
    assert tokens.status_code == 200
    assert not tokens.has_header("Content-Encoding")
    sign_in = client.get("/accounts/login/", **GZIP)
    assert sign_in.status_code == 200
    assert not sign_in.has_header("Content-Encoding")


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
