"""{% responsive_image %}: a <picture> with WebP and fallback renditions of an uploaded image.

    {% load images %}
    {% responsive_image person.photo alt=person.photo_alt_text sizes="96px" width=96 %}

The renditions' names and the image's size come from the row (mocsite.images and the
ImageField's width_field/height_field): the tag makes no query and opens no file.
"""

from django import template
from django.utils.html import format_html, format_html_join

from mocsite.images import renditions, stored_width

register = template.Library()


def _stored_height(fieldfile):
    height_field = getattr(fieldfile.field, "height_field", None)
    return getattr(fieldfile.instance, height_field, None) if height_field else None


def _display_size(image_width, image_height, width, height):
    """The width and height attributes: the image's own, or scaled to the one given."""
    if width and not height:
        return int(width), max(1, round(image_height * int(width) / image_width))
    if height and not width:
        return max(1, round(image_width * int(height) / image_height)), int(height)
    if width and height:
        return int(width), int(height)
    return image_width, image_height


@register.simple_tag
def responsive_image(
    fieldfile, alt="", sizes="", css_class="", eager=False, width=None, height=None
):
    """`alt` is required for meaning ("" marks a decorative image); `sizes` says how wide
    the image is shown (defaults to `width` pixels, else the viewport); `width`/`height`
    give the displayed size (the other one follows the image's proportions), so the page
    does not jump while it loads; `eager=True` for an image at the top of the page."""
    if not fieldfile:
        return ""
    image_width, image_height = stored_width(fieldfile), _stored_height(fieldfile)
    loading = format_html(' loading="{}"', "eager" if eager else "lazy")
    css = format_html(' class="{}"', css_class) if css_class else ""
    if not image_width or not image_height:
        # Size unknown (a file stored before sizes were recorded): the plain image.
        return format_html(
            '<img src="{}" alt="{}"{}{} decoding="async">', fieldfile.url, alt, css, loading
        )
    shown_width, shown_height = _display_size(image_width, image_height, width, height)
    sizes = sizes or (f"{shown_width}px" if width or height else "100vw")
    storage = fieldfile.storage
    made = renditions(fieldfile.name, image_width)
    webp = format_html_join(", ", "{} {}w", ((storage.url(n), w) for w, n, _f in made))
    fallback = format_html_join(", ", "{} {}w", ((storage.url(n), w) for w, _n, n in made))
    # src is the stored (already cleaned) image: it always exists, and browsers that
    # understand srcset choose among the renditions instead.
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" alt="{}" srcset="{}" sizes="{}" width="{}" height="{}"{}{}'
        ' decoding="async"></picture>',
        webp,
        sizes,
        fieldfile.url,
        alt,
        fallback,
        sizes,
        shown_width,
        shown_height,
        css,
        loading,
    )
