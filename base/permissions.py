"""Who counts as an editor for the admin screens Socialab adds (import, search report), and which
partner organisation a person belongs to (the editorial app answers; page apps only ask)."""

from wagtail.admin.menu import MenuItem

EDITOR_GROUPS = ("Editors", "Moderators")  # Wagtail's default groups

_organisation_lookups = []


def is_editor(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name__in=EDITOR_GROUPS).exists())


def register_organisation_lookup(lookup):
    """`lookup(user)` → the translation key of the partner organisation `user` is a member of, or None."""
    if lookup not in _organisation_lookups:
        _organisation_lookups.append(lookup)


def organisation_of(user):
    """The translation key of the partner organisation whose member `user` is (and nothing more), or None."""
    if user is None or is_editor(user):
        return None
    for lookup in _organisation_lookups:
        key = lookup(user)
        if key is not None:
            return key
    return None


class EditorsMenuItem(MenuItem):
    """An admin menu item shown to editors and moderators only (Socialab's own admin screens)."""

    def is_shown(self, request):
        return is_editor(request.user)
