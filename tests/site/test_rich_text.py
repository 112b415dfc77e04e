"""Light formatting in long texts (mocsite.rich_text, the `rich_text` filter): Markdown
through a sanitiser; texts written before it render as they did."""

import random
import re

import html5lib
import pytest
from django.apps import apps
from django.db import models
from django.template import Context, Template
from modeltranslation.translator import translator

from centre.models import Disease, Person
from mocsite.rich_text import render

pytestmark = pytest.mark.django_db

# How each long text was rendered before the filter: the templates' own expressions.
OLD_PARAGRAPHS = Template(
    "{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>{% endfor %}"
)  # centre description and organisation, page intros (mocsite.models.paragraphs)
OLD_LINEBREAKS = Template("{{ text|linebreaks }}")  # disease summaries, event, registry…
OLD_BIO = Template("<p>{{ text|linebreaksbr }}</p>")  # biographies
OLD_TRANSCRIPT = Template(
    "{% for paragraph in paragraphs %}<p>{{ paragraph|linebreaksbr }}</p>{% endfor %}"
)
OLD_SINGLE = Template("<p>{{ text }}</p>")  # network and series descriptions, classification

# (model, field) -> (old template, rich_text's mode), as the templates now render them.
RENDERINGS = {
    ("centre", "centre", "description"): (OLD_PARAGRAPHS, ""),
    ("centre", "centre", "organisation"): (OLD_PARAGRAPHS, ""),
    ("centre", "centre", "classification"): (OLD_SINGLE, ""),
    ("centre", "centre", "contact_guidance"): (OLD_LINEBREAKS, "br"),
    ("centre", "centre", "emergency_guidance"): (OLD_LINEBREAKS, "br"),
    ("centre", "pageintro", "text"): (OLD_PARAGRAPHS, ""),
    ("centre", "network", "description"): (OLD_SINGLE, ""),
    ("centre", "person", "bio"): (OLD_BIO, "br"),
    ("centre", "disease", "summary_patients"): (OLD_LINEBREAKS, "br"),
    ("centre", "disease", "summary_professionals"): (OLD_LINEBREAKS, "br"),
    ("centre", "disease", "treatments"): (OLD_LINEBREAKS, "br"),
    ("centre", "disease", "emergency_must_know"): (OLD_LINEBREAKS, "br"),
    ("centre", "disease", "emergency_avoid"): (OLD_LINEBREAKS, "br"),
    ("centre", "disease", "emergency_contacts"): (OLD_LINEBREAKS, "br"),
    ("centre", "diseasequestion", "answer"): (OLD_PARAGRAPHS, ""),
    ("centre", "glossaryterm", "definition"): (OLD_LINEBREAKS, "br"),
    ("centre", "centre", "referral_patients"): (OLD_PARAGRAPHS, ""),
    ("centre", "centre", "referral_expertise"): (OLD_PARAGRAPHS, ""),
    ("centre", "centre", "referral_documents"): (OLD_PARAGRAPHS, ""),
    ("centre", "centre", "referral_difficult_cases"): (OLD_PARAGRAPHS, ""),
    ("centre", "centre", "transition_text"): (OLD_PARAGRAPHS, ""),
    ("centre", "event", "description"): (OLD_LINEBREAKS, "br"),
    ("centre", "registry", "description"): (OLD_LINEBREAKS, "br"),
    ("podcasts", "series", "description"): (OLD_SINGLE, ""),
    ("podcasts", "episode", "transcript"): (OLD_TRANSCRIPT, "br"),
}


def tree(html):
    """The document tree as a browser builds it, whitespace collapsed as rendered."""
    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    walker = html5lib.getTreeWalker("etree")
    parts = []
    for token in walker(fragment):
        if token["type"] in ("StartTag", "EmptyTag"):
            attributes = sorted((k[1], v) for k, v in token["data"].items() if k[1] != "rel")
            parts.append(("<", token["name"], tuple(attributes)))
        elif token["type"] == "EndTag":
            parts.append((">", token["name"]))
        elif token["type"] in ("Characters", "SpaceCharacters"):
            text = re.sub(r"\s+", " ", token["data"])
            if parts and parts[-1][0] == "text":
                parts[-1] = ("text", parts[-1][1] + text)
            else:
                parts.append(("text", text))
    # Whitespace between block elements is not rendered.
    return [p for p in parts if not (p[0] == "text" and not p[1].strip())]


def old_rendering(template, text):
    from mocsite.models import paragraphs

    return template.render(Context({"text": text, "paragraphs": paragraphs(text)}))


def test_every_long_text_is_covered():
    """A new long text field gets a line in RENDERINGS (or this test says so)."""
    long_texts = {
        (model._meta.app_label, model._meta.model_name, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and model._meta.app_label in ("centre", "podcasts")
        and not field.name.endswith(("_fr", "_en"))
    }
    not_rendered = {
        ("centre", "contactrequest", "message"),
        ("centre", "contactrequest", "internal_notes"),
        ("centre", "disease", "aliases"),
        ("centre", "mission", "text"),  # one line in a list
        ("podcasts", "episode", "questions"),  # one question per line, a list
        ("podcasts", "episode", "speaker_description"),  # a line after the name
    }
    assert long_texts - not_rendered == set(RENDERINGS)


def test_seeded_long_texts_render_exactly_as_before(seeded):
    compared = 0
    for (app_label, model_name, field), (template, mode) in RENDERINGS.items():
        model = apps.get_model(app_label, model_name)
        names = [field]
        if field in translator.get_options_for_model(model).fields:
            names = [f"{field}_fr", f"{field}_en"]
        for row in model._default_manager.all():
            for name in names:
                text = getattr(row, name)
                if not text:
                    continue
                before = tree(old_rendering(template, text))
                after = tree(render(text, line_breaks=mode == "br"))
                assert after == before, (model_name, row.pk, name)
                compared += 1
    assert compared > 20  # the seed has long texts in both languages


def test_plain_texts_skip_the_parser_and_come_out_the_same(seeded):
    """A text without markup is written as paragraphs directly (the parser costs about a
    millisecond a text): byte for byte what the parser and the sanitiser give, for every
    seeded long text and thousands of made-up ones (French spacing, quotes, ampersands,
    line breaks, dots, digits)."""
    from mocsite import rich_text

    texts = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and not field.name.startswith("folded"):
                texts += [t for t in model.objects.values_list(field.name, flat=True) if t]
    rnd = random.Random(18)
    alphabet = list("aeéèàçœ EAÉÀ 0123456789 .,;:!?'’\"()«»–—&%/=+-*_[]#<>@\n\n\n \xa0\u202f")
    texts += ["".join(rnd.choices(alphabet, k=rnd.randint(1, 80))) for _ in range(5000)]
    texts += ["Pr. Roux, 1. Intro", "2021. Fin", "a\n\n\nb", "1 000 patients", "x &amp; y"]
    plain = 0
    for text in texts:
        cleaned = rich_text.normalize_newlines(text).strip()
        if not cleaned:
            continue
        for line_breaks in (False, True):
            assert rich_text.render(text, line_breaks) == rich_text._parsed(cleaned, line_breaks), (
                repr(text)
            )
        plain += not rich_text.MARKUP.search(cleaned)
    assert plain > 1000  # the direct path was taken, and compared


def test_formatting_bold_italics_lists_links():
    html = render(
        "Un **point important** et une *nuance*.\n\n- premier\n- second\n\n"
        "1. un\n2. deux\n\nVoir [Orphanet](https://www.orpha.net/) ou https://example.org/page."
    )
    assert "<strong>point important</strong>" in html
    assert "<em>nuance</em>" in html
    assert "<ul>\n<li>premier</li>\n<li>second</li>\n</ul>" in html
    assert "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>" in html
    assert '<a href="https://www.orpha.net/" rel="noopener noreferrer">Orphanet</a>' in html
    assert '<a href="https://example.org/page" rel="noopener noreferrer">' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">clic</a>',
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "[clic](data:text/html;base64,PHNjcmlwdD4=)",
        '<p onclick="alert(1)">texte</p>',
        "<iframe src=https://evil.example></iframe>",
        "**<svg onload=alert(1)>**",
        '[x](https://e.org/a>b" onclick="alert(1))',
        '<https://e.org/"onmouseover=alert(1)>',
        'https://e.org/">"onmouseover=alert(1)',
    ],
)
def test_no_raw_html_reaches_visitors(text):
    html = render(text)
    parsed = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in parsed.iter():
        assert element.tag in {"DOCUMENT_FRAGMENT", "p", "strong", "em", "a"} or callable(
            element.tag
        ), element.tag
        for attribute, value in element.attrib.items():
            assert not attribute.startswith("on")
            if attribute == "href":
                assert value.startswith(("http:", "https:", "mailto:", "tel:"))


def test_staff_html_shows_as_text_on_the_public_page(seeded, client):
    person = Person.objects.filter(is_published=True).first()
    person.bio_fr = "Bio <script>alert('x')</script> **courte**\nsuite"
    person.save()
    html = client.get(f"/fr/equipe/{person.slug}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<strong>courte</strong><br>" in html


def test_disease_page_renders_markdown_and_bare_links(seeded, client):
    disease = Disease.objects.filter(is_published=True).first()
    disease.summary_patients_fr = "Voir *aussi* www.orpha.net\n\n- un\n- deux"
    disease.save()
    html = client.get(disease.get_absolute_url()).content.decode()
    assert "<em>aussi</em>" in html
    assert '<a href="http://www.orpha.net" rel="noopener noreferrer">www.orpha.net</a>' in html
    assert "<li>un</li>" in html
