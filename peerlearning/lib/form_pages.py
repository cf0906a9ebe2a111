"""The form page, written once: a form that saves through an action."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def form_page(
    request: HttpRequest,
    form: BaseForm,
    template: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    *,
    refused: type[Exception] | tuple[type[Exception], ...] = (),
    refused_field: str | None = None,
    **context: Any,
) -> HttpResponse:
    """Show `form` (under "form", with `context`) and, when posted and valid, save its cleaned
    data through `save` (an action, which schedules its consequences). Saved, the reader goes
    to what `save` returned (anything `redirect` takes) with the message `done`. An action's
    refusal (`refused`) is shown on the form (on `refused_field`, else above it); refused or
    invalid, the form comes back with what was typed and the reason, with status 400."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(dict(form.cleaned_data))
        except refused as error:
            form.add_error(refused_field, str(error))
        else:
            messages.success(request, done)
            return redirect(saved)
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)
