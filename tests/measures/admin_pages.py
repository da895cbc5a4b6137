"""Posting an admin change page back as a browser would."""
from __future__ import annotations


def page_data(response) -> dict:
    """What the browser would post back from an admin change page, as the page shows it."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def form_index(response, prefix, row) -> int:
    formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix)
    return next(n for n, form in enumerate(formset.forms) if form.instance.pk == row.pk)
