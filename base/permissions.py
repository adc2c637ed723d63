"""Who counts as an editor for the admin screens Socialab adds (import, search report)."""

EDITOR_GROUPS = ("Editors", "Moderators")  # Wagtail's default groups


def is_editor(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name__in=EDITOR_GROUPS).exists())
