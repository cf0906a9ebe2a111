"""Which addresses are public: the one list (issue 13).

A public address answers a signed-out visitor as it answers everyone: what it shows, or 404 for
what is not there. Every other address asks a signed-out visitor to sign in — whether the object
exists or not, so that nothing is revealed — and brings them back to it afterwards
(accounts/middleware.py). An address is public when its URL pattern's name is below, its
namespace is (the API, which answers in JSON, and the admin, which has its own sign-in), or its
view is allauth's (signing in itself). A URL pattern that can show a members-only object (a
private community, a community's exchange, a private community's update, a profile for members)
is not public, even though it also shows public ones: a missing slug must answer as a hidden one.
"""

from django.urls import ResolverMatch

PUBLIC_VIEWS = frozenset(
    {
        "home",
        "healthz",
        # Content-Security-Policy violation reports (issue 20): posted by anyone's browser.
        "csp_report",
        "about",
        "privacy",
        "contact",
        "set_language",
        "accounts:join_request",
        "accounts:invitation_accept",
        "network:community_list",
        # The directory's address, a redirect to its public list of people (issue 17).
        "network:directory",
        "network:people_list",
        "network:expert_roster",
        "network:organisation_list",
        "network:organisation_detail",
        "exchanges:list",
        # Calendar feeds are read by calendar applications, which cannot sign in.
        "exchanges:community_ics",
        "exchanges:person_ics",
        "knowledge:update_list",
        "knowledge:search",
        "knowledge:search_export",
        "knowledge:thesaurus",
        "knowledge:thesaurus_skos",
        "knowledge:lesson_list",
        "knowledge:resource_list",
        "knowledge:resource_detail",
        "knowledge:resource_file",
        "knowledge:practice_list",
        "knowledge:practice_export",
        "knowledge:practice_detail",
        # Countries and progress: sourced public facts; their downloads are read by scripts too.
        "countries:list",
        "countries:compare",
        "countries:map",
        "countries:indicator_list",
        "countries:indicator",
        "countries:indicator_export",
        "countries:statistics_export",
        "countries:profile",
        "countries:value_history",
        # Monitoring, places of detention: public facts (a visit is not public: its published
        # summary is shown on the place's page).
        "monitoring:place_list",
        "monitoring:place",
        # Monitoring, the recommendations tracker: public facts with their sources.
        "monitoring:recommendation_list",
        "monitoring:recommendation",
        # Monitoring, downloads (issue 15): places, published incidents only, recommendations.
        "monitoring:places_export",
        "monitoring:incidents_export",
        "monitoring:recommendations_export",
        # Monitoring, incidents: published incidents are public (a draft answers 404 to whoever
        # may not see it, as a missing one does).
        "monitoring:incident_list",
        "monitoring:incident",
        # Terminology (issue 16): the lexicon in use, its download, a term's and a rule's page
        # (one out of use answers 404 to whoever is not an editor, as a missing one does).
        "terminology:lexicon",
        "terminology:lexicon_export",
        "terminology:term",
        "terminology:rule",
        # Terminology (issue 16): the check and its PDF report are for anyone; nothing checked
        # is stored (a signed-in member's saved checks are not public).
        "terminology:check",
        "terminology:report",
        # Feeds (issue 18) are read by feed readers, which cannot sign in; they show only what an
        # anonymous visitor may see (a private community's feed is not found, whoever asks). The
        # personal feed is reached by its secret address, as the personal calendar is.
        "notifications:updates_feed",
        "notifications:practices_feed",
        "notifications:reports_feed",
        "notifications:exchanges_feed",
        "notifications:community_feed",
        "notifications:topic_feed",
        "notifications:personal_feed",
        # Issue 18: the one-click unsubscribe link of a notification e-mail works signed out (a
        # mail client posts it); its secret token is the credential, it changes only its
        # owner's choices, once, and a forged one answers 404.
        "notifications:unsubscribe",
    }
)
PUBLIC_NAMESPACES = frozenset({"api", "admin"})


def is_public_address(match: ResolverMatch | None) -> bool:
    """An address no URL pattern matches reveals nothing either: it is answered 404."""
    if match is None:
        return True
    module = getattr(match.func, "__module__", "") or ""
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    return (
        match.view_name in PUBLIC_VIEWS
        or bool(set(match.namespaces) & PUBLIC_NAMESPACES)
        or module.startswith("allauth.")
    )
