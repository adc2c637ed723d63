"""Settings → Invite a partner member: editors create the account of someone from a partner
organisation, in that organisation's group only (never a wider role), and the person gets an
e-mail, in their language, with a link to choose their password."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.users.models import UserProfile

from base.permissions import is_editor

from .models import PartnerGroup


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=PartnerGroup.objects.select_related("group").order_by("group__name")
    )
    language = forms.ChoiceField(label=_("Language of the admin and of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].label_from_instance = lambda link: link.group.name

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(_("Somebody already has an account with this address."))
        return email

    @transaction.atomic
    def save(self):
        data = self.cleaned_data
        user = get_user_model().objects.create_user(
            data["email"], email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(data["organisation"].group)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = data["language"]
        profile.save(update_fields=["preferred_language"])
        return user


def send_invitation(user, organisation_name, language):
    link = settings.WAGTAILADMIN_BASE_URL + reverse(
        "wagtailadmin_password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
    )
    with translation.override(language):
        subject = gettext("Your Socialab account for %(organisation)s") % {"organisation": organisation_name}
        body = gettext(
            "Hello %(name)s,\n\nAn account was made for you on Socialab, to share your organisation's practices. "
            "Choose your password here (the link works once):\n%(link)s\n\nYour user name is %(username)s."
        ) % {"name": user.first_name, "link": link, "username": user.get_username()}
    send_mail(subject, body, None, [user.email])


def invite_view(request):
    if not is_editor(request.user):
        raise PermissionDenied
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        organisation = form.cleaned_data["organisation"].group.name
        transaction.on_commit(lambda: send_invitation(user, organisation, form.cleaned_data["language"]))
        messages.success(
            request,
            gettext("%(email)s can now join %(organisation)s: an invitation was sent.")
            % {"email": user.email, "organisation": organisation},
        )
        return redirect("editorial_invite")
    return TemplateResponse(request, "editorial/invite.html", {"form": form})
