"""Pages that build the directory of organisations: a facilitator creates one, a member
proposes one, facilitators decide the proposals and merge duplicates."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.network import actions
from peerlearning.network.models import Organisation
from peerlearning.network.organisation_forms import (
    MergeForm,
    OrganisationForm,
    ProposalDecisionForm,
)


def _organisation_form_page(request: AuthenticatedHttpRequest, *, propose: bool) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, propose=propose)

    def save(data: dict[str, Any]) -> Organisation:
        return actions.build_organisation(
            by=request.user, propose=propose, **form.organisation_fields()
        )

    done = (
        _(
            "Thank you: your proposal waits for a facilitator, who will write to you. Until "
            "then, only you and the facilitators see it."
        )
        if propose
        else _("The organisation is in the directory.")
    )
    return form_page(
        request,
        form,
        "network/organisation_form.html",
        save,
        done,
        refused=(actions.NetworkError,),
        propose=propose,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_create_organisations(request.user):
        raise PermissionDenied(
            _("Only platform facilitators add organisations; you can propose one.")
        )
    return _organisation_form_page(request, propose=False)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_propose_organisations(request.user):
        raise PermissionDenied(_("Only members of the network propose organisations."))
    return _organisation_form_page(request, propose=True)


def _require_reviewer(request: AuthenticatedHttpRequest) -> None:
    if not access.can_review_organisation_proposals(request.user):
        raise PermissionDenied(_("Only platform facilitators decide proposed organisations."))


def _proposals_page(
    request: AuthenticatedHttpRequest, forms: dict[str, ProposalDecisionForm], status: int = 200
) -> HttpResponse:
    proposals = (
        access.organisation_proposals_to_decide(request.user)
        .select_related("parent", "proposed_by")
        .prefetch_related("countries")
    )
    page = page_of(request, proposals, 50)
    for proposal in page.object_list:
        proposal.decision_form = forms.get(proposal.slug)
    return render(
        request,
        "network/organisation_proposals.html",
        {"page": page, "query": filters_query(request)},
        status=status,
    )


@login_required
@require_safe
def organisation_proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_reviewer(request)
    return _proposals_page(request, {})


@login_required
@require_POST
def organisation_decide(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _require_reviewer(request)
    proposal = access.organisation_proposals_to_decide(request.user).filter(slug=slug).first()
    if proposal is None:
        # Not a proposal waiting, or one's own: nothing to decide here.
        raise Http404
    form = ProposalDecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            actions.decide_organisation_proposal(
                proposal, by=request.user, accept=accept, reason=form.cleaned_data["reason"]
            )
        except actions.NetworkError as error:
            form.add_error(None, str(error))
        else:
            if accept:
                messages.success(
                    request,
                    _("%(name)s is in the directory now.") % {"name": proposal.display_name},
                )
            else:
                messages.success(
                    request,
                    _("The proposal of %(name)s has been refused.")
                    % {"name": proposal.display_name},
                )
            return redirect("network:organisation_proposals")
    return _proposals_page(request, {slug: form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_merge(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Choose the organisation to keep, confirm on a page that lists what moves, merge."""
    duplicate = access.get_organisation_for_user(request.user, slug)
    if not access.can_merge_organisations(request.user):
        raise PermissionDenied(_("Only platform facilitators merge organisations."))
    form = MergeForm(request.POST if request.method == "POST" else None, duplicate=duplicate)
    context: dict[str, Any] = {"duplicate": duplicate, "form": form}
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        try:
            actions.check_merge(duplicate, keep)
            if form.cleaned_data["confirm"]:
                moved = actions.merge_organisations(duplicate, keep, by=request.user)
        except actions.NetworkError as error:
            form.add_error("keep", str(error))
        else:
            if form.cleaned_data["confirm"]:
                messages.success(
                    request,
                    _("%(duplicate)s has been merged into %(kept)s: %(count)d links moved.")
                    % {
                        "duplicate": duplicate.display_name,
                        "kept": keep.display_name,
                        "count": sum(moved.values()),
                    },
                )
                return redirect(keep)
            context.update(keep=keep, links=actions.organisation_links(duplicate))
            return render(request, "network/organisation_merge_confirm.html", context)
    status = 400 if form.errors else 200
    return render(request, "network/organisation_merge.html", context, status=status)
