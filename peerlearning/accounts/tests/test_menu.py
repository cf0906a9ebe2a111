"""The menu follows the roles as peerlearning/access decides them (issue 12)."""

import pytest

from peerlearning.conftest import signed_in

pytestmark = pytest.mark.django_db

INVITATIONS = 'href="/manage/invitations/"'
JOIN_REQUESTS = 'href="/manage/join-requests/"'


def menu(user) -> str:
    return signed_in(user).get("/").content.decode()


def test_coordinators_and_administrators_see_their_pages_in_the_menu_members_do_not(
    administrator, facilitator, member
):
    assert INVITATIONS in menu(facilitator)
    assert JOIN_REQUESTS not in menu(facilitator)
    page = menu(administrator)
    assert INVITATIONS in page and JOIN_REQUESTS in page
    page = menu(member)
    assert INVITATIONS not in page and JOIN_REQUESTS not in page
