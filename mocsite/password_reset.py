"""« Mot de passe oublié ? » on the admin sign-in: Django's own password reset views with
the admin's templates, for staff accounts, rate limited per client address and per
e-mail address. The answer is the same whether an account exists or not, and whether a
limit was reached or not: the page never tells which addresses have an account."""

import hashlib
import hmac

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.urls import path, reverse_lazy

from .client import client_address


def _key(kind, value):
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"password-reset:{kind}:{digest[:32]}"


def _allowed(kind, value, limit):
    """Counts one request for `value` in the current window; False past `limit`."""
    key = _key(kind, value)
    window = settings.PASSWORD_RESET_RATE_WINDOW
    if cache.add(key, 1, window):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, window)
        return True


class StaffPasswordResetForm(PasswordResetForm):
    def get_users(self, email):
        return (user for user in super().get_users(email) if user.is_staff)


class AdminContextMixin:
    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class PasswordResetView(AdminContextMixin, auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    success_url = reverse_lazy("admin_password_reset_done")
    email_template_name = "registration/password_reset_email.html"

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        by_address = _allowed(
            "address", client_address(self.request), settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        )
        by_email = _allowed("email", email, settings.PASSWORD_RESET_LIMIT_PER_EMAIL)
        if not (by_address and by_email):
            return HttpResponseRedirect(self.get_success_url())  # the same answer
        return super().form_valid(form)


class PasswordResetDoneView(AdminContextMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminContextMixin, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(AdminContextMixin, auth_views.PasswordResetCompleteView):
    pass


# Under /admin/, so they look like (and are in the language of) the admin; before
# admin.site.urls in mocsite/urls.py. The names are the ones Django's templates use.
urlpatterns = [
    path("admin/password_reset/", PasswordResetView.as_view(), name="admin_password_reset"),
    path(
        "admin/password_reset/done/",
        PasswordResetDoneView.as_view(),
        name="admin_password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("admin/reset/done/", PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
