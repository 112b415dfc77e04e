"""The contact form: validation, anti-spam fields and the visitor's language."""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from .models import ContactRequest

FORM_TOKEN_SALT = "centre.contact.form-token"


def new_form_token(shown_at=None):
    """A signed token: when the form was shown, and a unique id against double sending."""
    return signing.dumps(
        {"t": time.time() if shown_at is None else shown_at, "id": get_random_string(24)},
        salt=FORM_TOKEN_SALT,
    )


def read_form_token(token):
    """(shown_at, unique id) of a token, or None if it was tampered with or is too old."""
    try:
        data = signing.loads(token, salt=FORM_TOKEN_SALT, max_age=settings.CONTACT_FORM_MAX_AGE)
        return float(data["t"]), str(data["id"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


class SingleLineField(forms.CharField):
    """A one-line text: line breaks would let a visitor inject email headers."""

    default_error_messages = {
        "line_break": _("This field must fit on one line."),
    }

    def validate(self, value):
        super().validate(value)
        if value and any(char in value for char in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            raise forms.ValidationError(self.error_messages["line_break"], code="line_break")

    def to_python(self, value):
        # Keep line breaks for validate() to refuse: CharField's strip would hide trailing ones.
        return "" if value in self.empty_values else str(value).strip(" \t")


class ContactForm(forms.ModelForm):
    name = SingleLineField(label=_("Full name"), max_length=150)
    subject = SingleLineField(label=_("Subject"), max_length=200)
    # Honeypot: hidden from people (and screen readers), filled in by naive bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=500)
    consent = forms.BooleanField(
        label=_(
            "I agree that the centre stores my message to answer it, as described in "
            "the privacy policy."
        ),
        error_messages={"required": _("Please give your consent so that we can answer you.")},
    )

    class Meta:
        model = ContactRequest
        fields = ["name", "email", "phone", "sender_type", "subject", "message"]
        labels = {
            "email": _("Email address"),
            "phone": _("Phone (optional)"),
            "sender_type": _("You are"),
            "message": _("Your message"),
        }
        help_texts = {
            "email": _("We answer at this address."),
            "phone": _("Include the country code if you are outside France."),
            "message": _(
                "Give the reason for your request. Do not send medical records or "
                "other health data."
            ),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 8}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["sender_type"].choices = [("", _("Choose…"))] + list(
            ContactRequest.SenderType.choices
        )
        self.fields["message"].max_length = settings.CONTACT_MESSAGE_MAX_LENGTH
        self.fields["message"].widget.attrs["maxlength"] = settings.CONTACT_MESSAGE_MAX_LENGTH
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["message"].validators.append(
            MaxLengthValidator(settings.CONTACT_MESSAGE_MAX_LENGTH)
        )
        # Tie help texts to their fields for screen readers (errors: see full_clean).
        for name, field in self.fields.items():
            if name in ("website", "form_token"):
                continue
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{name}-help"
            if field.required:
                field.widget.attrs["required"] = True

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields or name in ("website", "form_token"):
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            described = attrs.get("aria-describedby", "").split()
            attrs["aria-describedby"] = " ".join(described + [f"{name}-error"])

    def with_fresh_token(self):
        """This form, values kept, with a new token so that it can be sent again.

        The new token keeps the time the form was first shown: a person who fixes an
        error and sends again at once must not look like a bot in a hurry."""
        data = self.data.copy()
        previous = read_form_token(str(data.get("form_token", "")))
        data["form_token"] = new_form_token(shown_at=previous[0] if previous else None)
        self.data = data
        return self

    def clean_message(self):
        message = self.cleaned_data["message"]
        if len(message.strip()) < 10:
            raise forms.ValidationError(
                _("Please describe your request in a few words (10 characters at least)."),
                code="too_short",
            )
        return message

    def clean_form_token(self):
        token = read_form_token(self.cleaned_data["form_token"])
        if token is None:
            raise forms.ValidationError(
                _("This form has expired. Please check your message and send it again."),
                code="expired",
            )
        return token

    @property
    def spam_reasons(self):
        """What makes this valid form look like spam (ContactRequest.SpamReason codes).

        Signals, not proof: the message is kept as suspected spam for staff to release,
        since autofill and a pasted message beat CONTACT_MIN_FILL_SECONDS too."""
        reasons = []
        if self.cleaned_data.get("website"):
            reasons.append(ContactRequest.SpamReason.HONEYPOT)
        token = self.cleaned_data.get("form_token")
        if token and time.time() - token[0] < settings.CONTACT_MIN_FILL_SECONDS:
            reasons.append(ContactRequest.SpamReason.TOO_FAST)
        return reasons
