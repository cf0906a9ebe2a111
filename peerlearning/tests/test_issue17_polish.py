"""Issue 17, polish after a walk as real people (a 360 px phone, in Spanish and Arabic): what a
refused form says at its top, names and paths kept in order in a right-to-left page, the merge
picker, the way to the editors, the editor's queue, the menu and the directory's address, and
the update form's "Signed by"."""

import re
from pathlib import Path

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.models import Practice, Update
from peerlearning.network.models import Organisation, OrganisationStatus
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

DRAFT = {
    "title": "Community reporting in Chiang Mai",
    "summary": "People report to a community centre instead of being held.",
    "country": "TH",
    "region": "asia-pacific",
    "sources": "",
    "language": "en",
}


def in_language(user, code: str) -> Client:
    client = client_for(user)
    client.cookies["django_language"] = code  # as the language switch leaves it
    return client


def summary_of(page: str) -> str:
    return page.split('class="form-errors"')[1].split("</div>")[0]


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text, re.S)
    assert match, pattern
    return match.group(0)


def label_of(page: str, name: str) -> str:
    return found(rf'<label for="id_{name}">.*?</label>', page)


# 1. A refused form says at its top what is wrong, each error a link to its field -------------


def test_a_refused_practice_lists_each_error_at_the_top_linked_to_its_field(network):
    member = client_for(network.community_member)
    before = Practice.objects.count()
    response = member.post("/practices/new/", {**DRAFT, "title": ""})
    assert response.status_code == 400
    page = response.content.decode()
    summary = summary_of(page)
    assert '<a href="#id_sources"><bdi>Sources</bdi>: Give at least one source.</a>' in summary
    assert '<a href="#id_title"><bdi>Title</bdi>: This field is required.</a>' in summary
    # Each link leads to a field that is on the page; a valid field is not in the summary.
    assert 'id="id_sources"' in page and 'id="id_title"' in page
    assert "#id_summary" not in summary
    # What was typed is kept, and nothing was saved.
    assert "People report to a community centre" in page
    assert Practice.objects.count() == before


def test_the_summary_is_in_the_readers_language_and_a_group_of_boxes_is_a_target(network):
    member = in_language(network.community_member, "es")
    page = member.post("/practices/new/", {**DRAFT, "target_groups": ["nobody"]}).content.decode()
    summary = summary_of(page)
    assert "Please correct" not in summary  # the banner, in Spanish
    # A group of boxes has no one input to go to: its fieldset carries the address.
    assert 'href="#id_target_groups"' in summary
    assert '<fieldset id="id_target_groups">' in page


def test_a_form_wide_error_is_listed_as_text_and_a_hidden_fields_without_a_link():
    class Form(forms.Form):
        name = forms.CharField(label="Name")
        step = forms.CharField(widget=forms.HiddenInput)

    form = Form(data={"name": "x", "step": ""})
    form.is_valid()
    form.add_error(None, "The two dates are the wrong way round.")
    html = render_to_string("includes/form_errors.html", {"form": form})
    assert "<li>The two dates are the wrong way round.</li>" in html
    assert "<li>This field is required.</li>" in html  # the hidden field's: no link to nowhere
    assert "href=" not in html
    assert render_to_string("includes/form_errors.html", {"form": Form()}).strip() == ""


def test_the_practice_form_marks_its_required_fields(network):
    page = client_for(network.community_member).get("/practices/new/").content.decode()
    for name in ("title", "summary", "sources"):
        label = label_of(page, name)
        assert 'class="required-mark"' in label, label
        assert '<span class="visually-hidden">(required)</span>' in label
    for name in ("description", "place", "years"):
        assert "required-mark" not in label_of(page, name)


# 2. Right to left: names, paths and lists keep their order in an Arabic page --------------


def test_the_merge_confirmation_shows_addresses_left_to_right(network):
    duplicate = Organisation.objects.create(
        slug="host-au", name="HOST Australia", stakeholder_type="civil-society"
    )
    facilitator = in_language(network.facilitator, "ar")
    page = facilitator.post(
        "/directory/organisations/host-au/merge/", {"keep": network.ngo.slug}
    ).content.decode()
    assert 'dir="rtl"' in page
    assert f'<code dir="ltr">{duplicate.get_absolute_url()}</code>' in page
    assert f'<code dir="ltr">{network.ngo.get_absolute_url()}</code>' in page
    assert "<bdi>HOST Australia</bdi>" in page
    duplicate.refresh_from_db()
    assert duplicate.status == OrganisationStatus.ACTIVE  # nothing merged yet


def test_history_lines_isolate_the_name_of_who_acted(network):
    facilitator = in_language(network.facilitator, "ar")
    response = facilitator.post(
        "/updates/new/",
        {
            "community": "asia-pacific",
            "kind": "news",
            "title": "Regional platform met",
            "body": "The platform met.",
            "language": "en",
            "region": "asia-pacific",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    update = Update.objects.get(title="Regional platform met")
    page = facilitator.get(update.get_absolute_url()).content.decode()
    name = network.facilitator.public_name
    assert re.search(rf"<bdi>{re.escape(name)}</bdi>: ", page)

    practice = Practice.objects.get(external_id="th-draft-practice")
    practice.sources = [{"url": "https://example.org/r", "title": "Report"}]
    practice.save(update_fields=["sources"])
    knowledge_actions.submit_practice(practice, by=network.community_member)
    page = facilitator.get(practice.get_absolute_url()).content.decode()
    assert f"<bdi>{network.community_member.public_name}</bdi>: " in page


def test_lists_use_the_readers_separator_and_isolate_each_item(network):
    network.asia.themes = ["screening", "case management"]
    network.asia.save(update_fields=["themes"])
    # The separator goes through the translations (the Arabic catalogue gives "، ").
    page = in_language(network.community_member, "ar").get("/communities/asia-pacific/")
    text = page.content.decode()
    assert "<bdi>screening</bdi>، <bdi>case management</bdi>" in text
    # The co-lead organisations of a community card, each isolated.
    listing = Client().get("/communities/").content.decode()
    assert "<bdi>HOST International</bdi>" in listing


# 3. The merge picker ----------------------------------------------------------------------


def options_of(page: str, name: str) -> dict[str, str]:
    select = found(rf'<select name="{name}".*?</select>', page)
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))


def test_the_merge_picker_leaves_the_duplicate_out_and_tells_namesakes_apart(network):
    Organisation.objects.create(
        slug="host-international-2",
        name="HOST International",
        acronym="HOST",
        website="https://host.example.org/",
        stakeholder_type="civil-society",
    )
    facilitator = client_for(network.facilitator)
    page = facilitator.get("/directory/organisations/host-international-2/merge/")
    options = options_of(page.content.decode(), "keep")
    assert "host-international-2" not in options  # never merged into itself
    # The one to keep, told apart from its namesake by its address name.
    assert options["host-international"] == "HOST International (HOST) — host-international"
    assert options["ministry-of-interior-th"] == "Ministry of Interior"  # no namesake: as it was
    # On the other's page, the duplicate is told by its website.
    options = options_of(
        facilitator.get("/directory/organisations/host-international/merge/").content.decode(),
        "keep",
    )
    assert "host-international" not in options
    assert options["host-international-2"] == "HOST International (HOST) — host.example.org"

    # With JavaScript, the suggestions leave the duplicate out too.
    url = found(r'data-picker="[^"]+"', page.content.decode()).split('"')[1]
    assert "exclude=host-international-2" in url
    suggested = facilitator.get(url.replace("&amp;", "&") + "&q=HOST").content.decode()
    assert 'data-value="host-international"' in suggested
    assert 'data-value="host-international-2"' not in suggested
    everywhere = facilitator.get("/pickers/organisations/?q=HOST").content.decode()
    assert 'data-value="host-international-2"' in everywhere  # left out on that page only
    # Namesakes among the suggestions are told apart by their website or address name.
    assert "(HOST · host.example.org)" in everywhere
    assert "(HOST · host-international)" in everywhere


def test_the_directory_shows_the_address_of_namesakes_only(network):
    Organisation.objects.create(
        slug="host-international-2", name="HOST International", stakeholder_type="civil-society"
    )
    page = Client().get("/directory/organisations/").content.decode()
    assert '<code dir="ltr">/directory/organisations/host-international-2/</code>' in page
    assert '<code dir="ltr">/directory/organisations/host-international/</code>' in page
    assert "/directory/organisations/ministry-of-interior-th/</code>" not in page


# 4. The author of a published practice can reach the editors ------------------------------


def test_the_author_of_a_published_practice_is_shown_the_way_to_the_editors(network):
    practice = Practice.objects.get(external_id="th-community-case-management")
    practice.created_by = network.community_member
    practice.save(update_fields=["created_by"])
    page = client_for(network.community_member).get(practice.get_absolute_url())
    text = page.content.decode()
    assert 'To change it, <a href="/contact/">write to the editors</a>.' in text
    assert client_for(network.community_member).get("/contact/").status_code == 200
    # A reader who is not its author is told nothing of the kind.
    assert (
        "write to the editors"
        not in client_for(network.member).get(practice.get_absolute_url()).content.decode()
    )


# 5. The editor's queue: each practice's language and when it was submitted -----------------


def test_the_editors_queue_shows_the_language_and_the_day_submitted(network):
    practice = Practice.objects.get(external_id="th-draft-practice")
    practice.sources = [{"url": "https://example.org/r", "title": "Report"}]
    practice.language = "fr"
    practice.save(update_fields=["sources", "language"])
    knowledge_actions.submit_practice(practice, by=network.community_member)
    editor = make_user("editor@test.example", two_factor=True, is_editor=True)
    page = in_language(editor, "es").get("/home/").content.decode()
    queue = page.split('id="waiting-title"')[1].split("</section>")[0]
    card = queue.split('href="/practices/th-draft-practice/"')[1].split("</li>")[0]
    assert "Idioma: Francés" in card  # the practice's language, named in the reader's
    today = timezone.localdate().isoformat()
    assert f'<time datetime="{today}' in card


def test_the_editors_queue_keeps_a_bounded_query_count(network):
    editor = make_user("editor@test.example", two_factor=True, is_editor=True)

    def grow(n):
        for _ in range(n):
            i = Practice.objects.count()
            practice = knowledge_actions.create_practice(
                by=network.community_member,
                countries=[],
                external_id=f"grown-{i}",
                title=f"Grown {i}",
                summary="s",
                language=["es", "ar"][i % 2],
                sources=[{"url": "https://example.org/r", "title": "R"}],
            )
            knowledge_actions.submit_practice(practice, by=network.community_member)

    assert assert_queries_bounded(client_for(editor), "/home/", grow)


# 6. The menu leads to the lessons; the directory has an address ---------------------------


def test_the_menu_leads_to_the_lessons_for_everyone(network):
    for client in (Client(), client_for(network.community_member)):
        page = client.get("/practices/").content.decode()
        menu = page.split('aria-label="Main"')[1].split("</nav>")[0]
        assert '<a href="/lessons/">Lessons</a>' in menu
        assert menu.index('href="/practices/"') < menu.index('href="/lessons/"')
    lessons = Client().get("/lessons/").content.decode()
    assert '<a href="/lessons/" aria-current="page">Lessons</a>' in lessons


def test_the_directory_address_leads_to_its_people(network):
    for client in (Client(), client_for(network.outsider)):
        response = client.get("/directory/")
        assert response.status_code == 302
        assert response["Location"] == "/directory/people/"
        assert client.get("/directory/", follow=True).status_code == 200


# 7. "Signed by" is for statements -------------------------------------------------------


def test_the_update_forms_signed_by_is_marked_for_statements_and_hidden_for_news(network):
    page = client_for(network.facilitator).get("/updates/new/").content.decode()
    assert 'class="stack update-form"' in page
    field = page.split('data-field="signatories"')[1].split('data-field="language"')[0]
    assert "For a statement only" in field
    from django.contrib.staticfiles import finders

    css = Path(str(finders.find("css/site.css"))).read_text(encoding="utf-8")
    assert (
        '.update-form:has(input[name="kind"][value="news"]:checked) [data-field="signatories"]'
        in css
    )
