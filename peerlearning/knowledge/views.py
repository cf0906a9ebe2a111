import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.accounts.models import country_name
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge import search, thesaurus
from peerlearning.knowledge.files import FileRejected
from peerlearning.knowledge.forms import (
    FACET_TITLES,
    ConceptForm,
    ItemTranslationForm,
    PracticeFilterForm,
    PracticeForm,
    PracticeTranslationForm,
    ResourceEditForm,
    ResourceForm,
    ResourceLinksForm,
    ReviewForm,
    SearchForm,
    UpdateForm,
)
from peerlearning.knowledge.models import (
    Concept,
    Practice,
    PracticeType,
    Resource,
    Stage,
    TargetGroup,
    Update,
    UpdateKind,
    in_language,
)
from peerlearning.knowledge.practices_io import export_practices
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.lib.spreadsheets import spreadsheet_safe
from peerlearning.lib.translations import base_language, wanted_language
from peerlearning.monitoring.models import Recommendation
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Country
from peerlearning.notifications.actions import followed_ids
from peerlearning.terminology import warnings as terminology


@require_safe
def update_list(request: HttpRequest) -> HttpResponse:
    updates = access.updates_visible_to(Update.objects.all(), request.user)
    region = request.GET.get("region", "")
    if region in ProgrammeRegion.values:
        updates = updates.filter(region=region)
    else:
        region = ""
    kind = request.GET.get("kind", "")
    if kind in UpdateKind.values:
        updates = updates.filter(kind=kind)
    else:
        kind = ""
    return render(
        request,
        "knowledge/update_list.html",
        {
            "page": page_of(request, updates, 10),
            "query": filters_query(request),
            "regions": ProgrammeRegion.choices,
            "region": region,
            "kinds": UpdateKind.choices,
            "kind": kind,
            "may_write": access.may_write_updates(request.user),
        },
    )


@require_safe
def update_detail(request: HttpRequest, slug: str) -> HttpResponse:
    update = access.get_update_for_user(request.user, slug)
    version = in_language(
        update.title, update.body, update.language, update.translations, wanted_language(request)
    )
    can_edit = access.updates_editable_by(request.user).filter(pk=update.pk).exists()
    language = (translation.get_language() or "en").split("-")[0]
    return render(
        request,
        "knowledge/update_detail.html",
        {
            "update": update,
            "version": version,
            "community": update.community,  # seen: the update is, so is its community
            "signatories": (
                update.signatories.order_by("name") if update.kind == UpdateKind.STATEMENT else []
            ),
            "countries": update.countries.all(),
            "concepts": sorted(
                (c.label(language) for c in update.concepts.all()), key=str.casefold
            ),
            "can_edit": can_edit,
            "events": update.events.select_related("actor") if can_edit else [],
            "linked_resources": access.resources_visible_to(update.resources.all(), request.user),
        },
    )


def _update_form_page(
    request: AuthenticatedHttpRequest, update: Update | None, initial: dict[str, Any]
) -> HttpResponse:
    language = (translation.get_language() or "en").split("-")[0]
    form = UpdateForm(request.POST or None, initial=initial, user=request.user, language=language)

    def save(data: dict[str, Any]) -> Update:
        if update is None:
            return knowledge_actions.create_update(by=request.user, **data)
        return knowledge_actions.edit_update(update, by=request.user, **data)

    return form_page(
        request,
        form,
        "knowledge/update_form.html",
        save,
        _("Saved as a draft. Publish it when it is ready.")
        if update is None
        else _("The update has been saved."),
        refused=knowledge_actions.EditorialError,
        update=update,
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new update, a draft; `?community=<slug>` chooses the community it is for."""
    access.require_update_writer(request.user)
    initial: dict[str, Any] = {}
    slug = request.GET.get("community", "")
    if slug:
        community = access.get_community_for_user(request.user, slug)
        if not access.can_write_update(request.user, community):
            raise PermissionDenied(
                _("You may write updates only for the communities you facilitate.")
            )
        initial["community"] = community.slug
    return _update_form_page(request, None, initial)


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    update = access.get_update_for_user(request.user, slug, write=True)
    return _update_form_page(request, update, UpdateForm.initial_for(update))


@login_required
@require_POST
def update_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    update = access.get_update_for_user(request.user, slug, write=True)
    decision = request.POST.get("decision", "")
    try:
        if decision not in ("publish", "unpublish"):
            raise knowledge_actions.EditorialError(_("Choose what to do."))
        update = knowledge_actions.publish_update(
            update, by=request.user, publish=decision == "publish"
        )
    except knowledge_actions.EditorialError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The update is published.")
            if update.is_published
            else _("The update is no longer published: it is back among the drafts."),
        )
    return redirect(update)


@login_required
@require_safe
def update_drafts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The drafts and unpublished updates the viewer may edit."""
    access.require_update_writer(request.user)
    drafts = (
        access.updates_editable_by(request.user)
        .filter(is_published=False)
        .select_related("community")
        .order_by("-updated_at", "pk")
    )
    return render(request, "knowledge/update_drafts.html", {"page": page_of(request, drafts, 30)})


@require_safe
def practice_list(request: HttpRequest) -> HttpResponse:
    form = PracticeFilterForm(request.GET)
    filters = form.filters()
    practices = access.practices_visible_to(Practice.objects.all(), request.user).prefetch_related(
        "countries"
    )
    practices = practices.filtered(filters)
    page = page_of(request, practices, 20)
    return render(
        request,
        "knowledge/practice_list.html",
        {
            "form": form,
            "page": page,
            "query": filters_query(request),
            "can_edit": access.can_edit_knowledge(request.user),
            "can_submit": access.can_submit_practice(request.user),
        },
    )


@require_safe
def practice_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, external_id)
    translations = {t.language: t for t in practice.translations.all()}
    wanted = wanted_language(request)
    original = base_language(practice.language)
    shown = translations.get(wanted) if wanted != original else None
    can_edit = access.can_edit_knowledge(request.user)
    is_author = access.is_practice_author(request.user, practice)
    attachments = access.resources_visible_to(practice.resources.all(), request.user)
    return render(
        request,
        "knowledge/practice_detail.html",
        {
            "practice": practice,
            "is_author": is_author,
            "may_edit": access.may_edit_practice(request.user, practice),
            "may_review": access.may_review_practice(request.user, practice),
            "attachments": attachments.order_by("title", "pk"),
            "countries": practice.countries.all(),
            "shown": shown,
            "wanted": wanted,
            "original": original,
            "other_languages": sorted(set(translations) | {original}),
            "can_edit": can_edit,
            "events": practice.events.select_related("actor") if can_edit or is_author else [],
            "warnings": _terminology_warnings(practice, practice.language) if can_edit else [],
        },
    )


# The practice's texts checked for terminology that hides detention (a warning, never a block).
CHECKED_FIELDS = ("title", "summary", "description", "outcomes")


def _terminology_warnings(
    source: Any, language: str, get: Any = getattr
) -> list[terminology.FieldWarning]:
    return terminology.warnings_for(
        {name: str(get(source, name, "") or "") for name in CHECKED_FIELDS},
        language,
        labels={name: str(PracticeForm.base_fields[name].label) for name in CHECKED_FIELDS},
    )


def _practice_warnings(
    request: HttpRequest, practice: Practice | None
) -> list[terminology.FieldWarning]:
    """For the form page: the texts as posted, else as saved; in the practice's language."""
    if request.method == "POST":
        return _terminology_warnings(
            request.POST,
            request.POST.get("language", ""),
            lambda data, name, default: data.get(name, default),
        )
    if practice is None:
        return []
    return _terminology_warnings(practice, practice.language)


def _practice_fields(data: dict[str, Any]) -> tuple[dict[str, Any], list[Country]]:
    country = data.pop("country", "")
    countries = list(Country.objects.filter(code=country)) if country else []
    return data, countries


@login_required
@require_http_methods(["GET", "POST"])
def practice_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A member of a community (or an editor) drafts a practice, in their own language."""
    access.require_practice_submitter(request.user)

    def save(data: dict[str, Any]) -> Practice:
        fields, countries = _practice_fields(data)
        return knowledge_actions.create_practice(by=request.user, countries=countries, **fields)

    warnings = _practice_warnings(request, None)
    language = (translation.get_language() or "en").split("-")[0]
    response = form_page(
        request,
        PracticeForm(request.POST or None, initial={"language": language}),
        "knowledge/practice_form.html",
        save,
        _("Saved as a draft. Submit it for review when it is ready."),
        warnings=warnings,
    )
    if response.status_code == 302:
        terminology.warn(request, warnings)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: AuthenticatedHttpRequest, external_id: str) -> HttpResponse:
    """Editors edit any practice; its author, while it is a draft."""
    practice = access.get_practice_for_user(request.user, external_id)
    access.require_practice_editing(request.user, practice)
    initial = {
        name: getattr(practice, name)
        for name in PracticeForm.base_fields
        if hasattr(practice, name)
    }
    first = practice.countries.first()
    initial["country"] = first.code if first else ""
    initial["organisations"] = [o.slug for o in practice.organisations.all()]
    initial["concepts"] = [c.slug for c in practice.concepts.all()]

    def save(data: dict[str, Any]) -> Practice:
        fields, countries = _practice_fields(data)
        knowledge_actions.edit_practice(practice, by=request.user, countries=countries, **fields)
        return practice

    warnings = _practice_warnings(request, practice)
    response = form_page(
        request,
        PracticeForm(request.POST or None, initial=initial),
        "knowledge/practice_form.html",
        save,
        _("The practice has been saved."),
        practice=practice,
        warnings=warnings,
    )
    if response.status_code == 302:
        terminology.warn(request, warnings)
    return response


@login_required
@require_POST
def practice_submit(request: AuthenticatedHttpRequest, external_id: str) -> HttpResponse:
    """The author sends their draft to the editors."""
    practice = access.get_practice_for_user(request.user, external_id)
    access.require_practice_author(request.user, practice)
    try:
        knowledge_actions.submit_practice(
            practice, by=request.user, comment=request.POST.get("comment", "")[:5000]
        )
    except knowledge_actions.EditorialError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Submitted for review: an editor will publish it or return it to you with "
                "comments. You will be told by e-mail."
            ),
        )
    return redirect(practice)


@login_required
@require_http_methods(["GET", "POST"])
def practice_attach(request: AuthenticatedHttpRequest, external_id: str) -> HttpResponse:
    """A document behind the practice, a file or a link, through the resource rules: seen by
    the author and the editors until the practice is published."""
    practice = access.get_practice_for_user(request.user, external_id)
    access.require_practice_editing(request.user, practice)

    def save(data: dict[str, Any]) -> Practice:
        upload = data.pop("file") or None
        knowledge_actions.attach_to_practice(practice, by=request.user, upload=upload, **data)
        return practice

    language = (translation.get_language() or "en").split("-")[0]
    return form_page(
        request,
        ResourceForm(request.POST or None, request.FILES or None, initial={"language": language}),
        "knowledge/practice_attach.html",
        save,
        _("The document is attached to the practice."),
        refused=FileRejected,
        refused_field="file",
        practice=practice,
    )


@access.editor_required
@require_POST
def practice_review(request: AuthenticatedHttpRequest, external_id: str) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, external_id)
    form = ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise knowledge_actions.EditorialError(_("Choose what to do."))
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        if decision == "submit":
            knowledge_actions.submit_practice(practice, by=request.user, comment=comment)
        else:
            knowledge_actions.review_practice(
                practice, by=request.user, approve=decision == "approve", comment=comment
            )
    except knowledge_actions.EditorialError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Done: the practice is now “%(status)s”.")
            % {"status": practice.get_status_display()},
        )
    return redirect(practice)


@access.editor_required
@require_http_methods(["GET", "POST"])
def practice_translate(request: AuthenticatedHttpRequest, external_id: str) -> HttpResponse:
    practice = access.get_practice_for_user(request.user, external_id)

    def save(data: dict[str, Any]) -> Practice:
        knowledge_actions.translate_practice(practice, by=request.user, **data)
        return practice

    return form_page(
        request,
        PracticeTranslationForm(request.POST or None),
        "knowledge/practice_translate.html",
        save,
        _("The translation has been saved."),
        practice=practice,
    )


@require_safe
def practice_export(request: HttpRequest) -> HttpResponse:
    """The visible practices in the exchange format, for anyone to take elsewhere."""
    practices = (
        access.practices_visible_to(Practice.objects.all(), request.user)
        .filter(status="published")
        .order_by("external_id")
        .prefetch_related("countries")
    )
    response = HttpResponse(
        "".join(line + "\n" for line in export_practices(practices)),
        content_type="application/x-ndjson; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="practices.jsonl"'
    return response


KIND_LABELS = {
    "practice": gettext_lazy("Practice"),
    "update": pgettext_lazy("a kind of document: a news post", "Update"),
    "lesson": gettext_lazy("Lesson"),
    "resource": gettext_lazy("Resource"),
}


def _facet_labels() -> dict[str, dict[str, str]]:
    from django.conf.locale import LANG_INFO

    return {
        "type": {kind: str(label) for kind, label in KIND_LABELS.items()},
        "region": {value: str(label) for value, label in ProgrammeRegion.choices},
        "target_group": {value: str(label) for value, label in TargetGroup.choices},
        "practice_type": {value: str(label) for value, label in PracticeType.choices},
        "stage": {value: str(label) for value, label in Stage.choices},
        "language": {
            code: str(_(info["name"])) for code, info in LANG_INFO.items() if "name" in info
        },
    }


def _run_search(request: HttpRequest) -> tuple[SearchForm, search.Results | None]:
    form = SearchForm(request.GET)
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return form, None
    data = form.cleaned_data
    filters = {name: data[name] for name in search.FACETS if data.get(name)}
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    results = search.search(
        data["q"], audiences=access.search_audiences(request.user), filters=filters, page=page
    )
    for hit in results.hits:
        hit.kind_label = str(KIND_LABELS.get(hit.kind, hit.kind))
    return form, results


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form, results = _run_search(request)
    facets = []
    labels = _facet_labels()

    def label(name: str, value: str) -> str:
        if name == "country":
            return country_name(value) or value
        return labels.get(name, {}).get(value, value)

    if results:
        for name in search.FACETS:
            values = results.facets.get(name, [])
            if values:
                shown = [(value, label(name, value), count) for value, count in values]
                facets.append((name, FACET_TITLES[name], shown))
    return render(
        request,
        "knowledge/search.html",
        {
            "form": form,
            "results": results,
            "facets": facets,
            "query": filters_query(request),
            # The filters in force, named as the facets name them (not by their codes).
            "active": {
                FACET_TITLES[name]: label(name, request.GET[name])
                for name in search.FACETS
                if request.GET.get(name)
            },
        },
    )


@require_safe
def search_export(request: HttpRequest) -> HttpResponse:
    """The results of a search as CSV (the best 1,000; for a broad query, the best 1,000 of
    its `search.CANDIDATES` most recently added matches), for a spreadsheet."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        reasons = [str(error) for errors in form.errors.values() for error in errors]
        return HttpResponse(
            "\n".join(reasons), status=400, content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="search-results.csv"'
    writer = csv.writer(response)
    writer.writerow(["type", "id", "title", "url", "score"])
    if form.cleaned_data["q"].strip():
        data = form.cleaned_data
        results = search.search(
            data["q"],
            audiences=access.search_audiences(request.user),
            filters={name: data[name] for name in search.FACETS if data.get(name)},
            per_page=search.FACET_DEPTH,
            with_facets=False,
            with_snippets=False,
        )
        for hit in results.hits:
            writer.writerow(
                [
                    spreadsheet_safe(hit.kind),
                    spreadsheet_safe(hit.key),
                    spreadsheet_safe(hit.title),
                    spreadsheet_safe(request.build_absolute_uri(hit.url)),
                    hit.score,
                ]
            )
    return response


@require_safe
def thesaurus_skos(request: HttpRequest, extension: str) -> HttpResponse:
    """The thesaurus as SKOS, for other systems: JSON-LD or Turtle."""
    if extension == "jsonld":
        return JsonResponse(
            thesaurus.skos_jsonld(),
            content_type="application/ld+json",
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    return HttpResponse(thesaurus.skos_turtle(), content_type="text/turtle; charset=utf-8")


@require_safe
def thesaurus_page(request: HttpRequest) -> HttpResponse:
    language = (translation.get_language() or "en").split("-")[0]
    concepts = Concept.objects.select_related("broader").order_by("slug")
    followed = followed_ids(request.user, "concept")
    rows = sorted(
        ((c.label(language), c, c.pk in followed) for c in concepts),
        key=lambda row: row[0].casefold(),
    )
    can_edit = access.can_edit_knowledge(request.user)
    return render(
        request,
        "knowledge/thesaurus.html",
        {
            "rows": rows,
            "language": language,
            "can_edit": can_edit,
            # The concept, its four labels and broader one; a button to follow; an edit link.
            "columns": 6 + request.user.is_authenticated + can_edit,
        },
    )


def _concept_form_page(request: AuthenticatedHttpRequest, concept: Concept | None) -> HttpResponse:
    language = (translation.get_language() or "en").split("-")[0]
    form = ConceptForm(
        request.POST or None,
        initial=ConceptForm.initial_for(concept) if concept else None,
        creating=concept is None,
        language=language,
    )
    if request.method == "POST" and form.is_valid():
        broader = Concept.objects.filter(slug=form.cleaned_data["broader"]).first()
        try:
            if concept is None:
                concept = knowledge_actions.create_concept(
                    by=request.user,
                    slug=form.cleaned_data["slug"],
                    labels=form.labels(),
                    synonyms=form.synonyms(),
                    broader=broader,
                )
                messages.success(request, _("The concept has been added."))
            else:
                knowledge_actions.edit_concept(
                    concept,
                    by=request.user,
                    labels=form.labels(),
                    synonyms=form.synonyms(),
                    broader=broader,
                )
                messages.success(request, _("The concept has been saved."))
        except knowledge_actions.ThesaurusError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            return redirect(f"{reverse('knowledge:thesaurus')}#concept-{concept.slug}")
    return render(
        request,
        "knowledge/concept_form.html",
        {"form": form, "concept": concept},
        status=400 if form.errors else 200,
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def concept_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _concept_form_page(request, None)


@access.editor_required
@require_http_methods(["GET", "POST"])
def concept_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _concept_form_page(request, get_object_or_404(Concept, slug=slug))


@access.editor_required
@require_http_methods(["GET", "POST"])
def concept_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Shows what uses the concept (then it stays), or asks to confirm its deletion."""
    concept = get_object_or_404(Concept, slug=slug)
    if request.method == "POST":
        try:
            knowledge_actions.delete_concept(concept, by=request.user)
        except knowledge_actions.ThesaurusError:
            pass  # the page says what uses it
        else:
            messages.success(
                request,
                _("The concept “%(label)s” has been deleted.")
                % {"label": concept.label(translation.get_language() or "en")},
            )
            return redirect("knowledge:thesaurus")
    uses = thesaurus.uses(concept)
    return render(
        request,
        "knowledge/concept_delete.html",
        {"concept": concept, "uses": uses},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def resource_list(request: HttpRequest) -> HttpResponse:
    resources = access.resources_visible_to(Resource.objects.all(), request.user)
    page = page_of(request, resources, 30)
    return render(
        request,
        "knowledge/resource_list.html",
        {"page": page, "can_edit": access.can_edit_knowledge(request.user)},
    )


@require_safe
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = access.get_resource_for_user(request.user, slug)
    version = in_language(
        resource.title,
        resource.description,
        resource.language,
        resource.translations,
        wanted_language(request),
    )
    return render(
        request,
        "knowledge/resource_detail.html",
        {
            "resource": resource,
            "version": version,
            "can_edit": access.can_edit_knowledge(request.user),
            **_belongs_to(resource, request.user),
        },
    )


def _belongs_to(resource: Resource, viewer: access.Viewer) -> dict[str, list[Any]]:
    """What the resource belongs to, as far as the viewer may see it (a private exchange's
    title is never shown to whoever may not see the exchange): one query a kind."""
    return {
        "linked_exchanges": list(
            access.exchanges_visible_to(resource.exchanges.all(), viewer).only(
                "slug", "title", "language"
            )
        ),
        "linked_practices": list(
            access.practices_visible_to(resource.practices.all(), viewer).only(
                "external_id", "title", "language"
            )
        ),
        "linked_updates": list(
            access.updates_visible_to(resource.updates.all(), viewer).only(
                "slug", "title", "language"
            )
        ),
        "linked_recommendations": list(
            access.recommendations_visible_to(
                resource.recommendations.select_related("body", "country"), viewer
            )
        ),
    }


def _translate_item(
    request: AuthenticatedHttpRequest, item: Update | Resource, text: str
) -> HttpResponse:
    wanted = request.GET.get("lang", "")
    existing = item.translations.get(wanted) if wanted else None
    initial = {"language": wanted, **(existing or {})} if existing else {"language": wanted}

    def save(data: dict[str, Any]) -> Update | Resource:
        knowledge_actions.translate_item(item, by=request.user, **data)
        return item

    return form_page(
        request,
        ItemTranslationForm(request.POST or None, initial=initial, original=item.language),
        "knowledge/item_translate.html",
        save,
        _("The translation has been saved."),
        item=item,
        original_text=text,
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_translate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    # Whoever may edit the update (a facilitator of its community, an editor) translates it.
    update = access.get_update_for_user(request.user, slug, write=True)
    return _translate_item(request, update, update.body)


@login_required
@require_http_methods(["GET", "POST"])
def resource_translate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = access.get_resource_for_user(request.user, slug)
    access.require_editor(request.user)
    return _translate_item(request, resource, resource.description)


@require_safe
def resource_file(request: HttpRequest, slug: str) -> FileResponse:
    """Files are served only through the visibility rule, never from a public folder."""
    resource = access.get_resource_for_user(request.user, slug)
    if not resource.file:
        raise Http404
    extension = {"application/pdf": ".pdf", "text/plain": ".txt"}.get(
        resource.content_type, ".docx"
    )
    response = FileResponse(
        resource.file.open("rb"),
        content_type=resource.content_type,
        as_attachment=True,
        filename=f"{resource.slug}{extension}",
    )
    return response


@access.editor_required
@require_http_methods(["GET", "POST"])
def resource_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> Resource:
        upload = data.pop("file") or None
        return knowledge_actions.create_resource(by=request.user, upload=upload, **data)

    return form_page(
        request,
        ResourceForm(request.POST or None, request.FILES or None),
        "knowledge/resource_form.html",
        save,
        _("The resource has been added."),
        refused=FileRejected,
        refused_field="file",
    )


@access.editor_required
@require_POST
def resource_consent_withdraw(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = access.get_resource_for_user(request.user, slug)
    knowledge_actions.withdraw_consent(resource, by=request.user)
    messages.success(
        request, _("Consent withdrawn: the testimony is no longer published anywhere.")
    )
    return redirect("knowledge:resource_list")


# Managing resources: editors only (a signed-out visitor is asked to sign in, anyone else 403).


@access.editor_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = access.get_resource_for_user(request.user, slug)

    def save(data: dict[str, Any]) -> Resource:
        upload = data.pop("file") or None
        return knowledge_actions.edit_resource(resource, by=request.user, upload=upload, **data)

    return form_page(
        request,
        ResourceEditForm(request.POST or None, request.FILES or None, resource=resource),
        "knowledge/resource_edit.html",
        save,
        _("The resource has been saved."),
        refused=FileRejected,
        refused_field="file",
        resource=resource,
    )


@access.editor_required
@require_POST
def resource_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    resource = access.get_resource_for_user(request.user, slug)
    publish = request.POST.get("publish") == "1"
    try:
        knowledge_actions.publish_resource(resource, by=request.user, publish=publish)
    except knowledge_actions.ResourceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The resource is published.")
            if publish
            else _("The resource is a draft again: only editors see it."),
        )
    return redirect(resource)


@access.editor_required
@require_http_methods(["GET", "POST"])
def resource_delete(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Asks to confirm, saying what the resource is linked to (as far as the editor may see;
    a link to something they may not see is mentioned, never named nor counted)."""
    resource = access.get_resource_for_user(request.user, slug)
    if request.method == "POST":
        title = resource.title
        knowledge_actions.delete_resource(resource, by=request.user)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": title})
        return redirect("knowledge:resource_list")
    belongs = _belongs_to(resource, request.user)
    shown = sum(len(items) for items in belongs.values())
    total = (
        resource.exchanges.count()
        + resource.practices.count()
        + resource.updates.count()
        + resource.recommendations.count()
    )
    return render(
        request,
        "knowledge/resource_delete.html",
        {"resource": resource, "more_not_shown": total > shown, **belongs},
    )


@access.editor_required
@require_http_methods(["GET", "POST"])
def resource_links(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Link the resource to the exchanges, practices, updates and recommendations it belongs
    to, chosen among those the editor may see."""
    resource = access.get_resource_for_user(request.user, slug)
    viewer = request.user
    exchanges = access.exchanges_visible_to(Exchange.objects.all(), viewer).order_by(
        "-starts_at", "title"
    )
    practices = access.practices_visible_to(Practice.objects.all(), viewer).order_by("title")
    updates = access.updates_visible_to(Update.objects.all(), viewer)
    recommendations = access.recommendations_visible_to(
        Recommendation.objects.select_related("body", "country"), viewer
    )
    belongs = _belongs_to(resource, viewer)
    initial = {
        "exchanges": [e.slug for e in belongs["linked_exchanges"]],
        "practices": [p.external_id for p in belongs["linked_practices"]],
        "updates": [u.slug for u in belongs["linked_updates"]],
        "recommendations": [str(r.uuid) for r in belongs["linked_recommendations"]],
    }

    def save(data: dict[str, Any]) -> Resource:
        return knowledge_actions.link_resource(
            resource,
            by=request.user,
            exchanges=list(data["exchanges"]),
            practices=list(data["practices"]),
            updates=list(data["updates"]),
            recommendations=list(data["recommendations"]),
        )

    return form_page(
        request,
        ResourceLinksForm(
            # Every box unticked is a valid answer (links to nothing), not an unsent form.
            request.POST if request.method == "POST" else None,
            initial=initial,
            exchanges=exchanges,
            practices=practices,
            updates=updates,
            recommendations=recommendations,
        ),
        "knowledge/resource_links.html",
        save,
        _("What the resource belongs to has been saved."),
        refused=knowledge_actions.ResourceError,
        resource=resource,
    )
