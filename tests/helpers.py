"""Helpers shared by test modules."""


def save_each(queryset, **values):
    """Change rows as the admin does, with save(): the page cache is emptied, which a
    queryset.update() (no signal) would not do."""
    for row in queryset:
        for name, value in values.items():
            setattr(row, name, value)
        row.save()


def write_emergency_sheet_and_questions():
    """What staff write and the seed has not: an emergency sheet (hypophosphatasia's,
    then in the sitemap) and three questions and answers on its disease page."""
    from centre.models import Disease, DiseaseQuestion

    disease = Disease.objects.get(slug_en="hypophosphatasia")
    disease.emergency_must_know_fr = "Fragilité osseuse."
    disease.emergency_must_know_en = "Bone fragility."
    disease.save()
    for index in range(3):
        DiseaseQuestion.objects.create(
            disease=disease,
            ordering=index,
            question_fr=f"Question {index}\u00a0?",
            answer_fr="Réponse.",
            question_en=f"Question {index}?",
            answer_en="Answer.",
        )


def staff_member(django_user_model, name, language="en"):
    """A client signed in as a new superuser `name`, whose browser asks for `language`."""
    from django.test import Client

    user = django_user_model.objects.create_superuser(
        name, f"{name}@example.org", "a-long-test-password"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def admin_form_data(html, form_id=None):
    """What a browser posts from the page's admin form as it stands: every field's current
    value (ticked boxes only, selected options, textareas with CRLF line endings), no
    submit button. Change values in the returned dict, then post it (multipart)."""
    import html5lib

    document = html5lib.parse(html, namespaceHTMLElements=False)
    forms = document.iter("form")
    # The admin's change form is "<model>_form" (the page also has the logout form).
    form = next(
        f
        for f in forms
        if f.get("id") == form_id or (form_id is None and (f.get("id") or "").endswith("_form"))
    )
    data = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for element in form.iter():
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    add(name, element.get("value") or "on")
                continue
            add(name, element.get("value") or "")
        elif element.tag == "textarea":
            text = (element.text or "").removeprefix("\n")
            add(name, text.replace("\r\n", "\n").replace("\n", "\r\n"))
        elif element.tag == "select":
            chosen = [o for o in element.iter("option") if o.get("selected") is not None]
            if not chosen and element.get("multiple") is None:
                chosen = list(element.iter("option"))[:1]
            for option in chosen:
                add(name, option.get("value") if option.get("value") is not None else option.text)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def more_diseases(count):
    """`count` published diseases with a slug in each language, after the seed's in the
    order (ordering 1000 on)."""
    from centre.models import Disease

    Disease.objects.bulk_create(
        Disease(
            name_fr=f"Maladie {i:03d}",
            name_en=f"Disease {i:03d}",
            slug=f"maladie-{i:03d}",
            slug_fr=f"maladie-{i:03d}",
            slug_en=f"disease-{i:03d}",
            ordering=1000 + i,
        )
        for i in range(count)
    )
