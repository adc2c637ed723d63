"""The roles of the editorial pipeline, as Wagtail groups with page and collection permissions.

- Editors and Moderators: Wagtail's own groups (Moderators publish).
- Editors and translators: add and change the vocabulary's terms (taxonomy), to name and translate them.
- Translators: create translations (wagtail-localize) and edit those they own; never originals, never publish.
- Volunteers: no admin access; resources may be restricted to them.
- One group per partner organisation, named after it: its members add practices under every
  language's practice index (Wagtail's "add" permission lets them edit only the pages they own),
  edit their organisation's own page, upload images and documents, and submit for moderation;
  they never publish.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_permission_policy as documents_policy
from wagtail.images import get_permission_policy as images_policy
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from partners.models import PartnerPage
from practices.models import PracticeIndexPage
from taxonomy.models import Country, Region, SDGTarget, TargetGroup, Theme

from .models import PartnerGroup

EDITORS, MODERATORS, TRANSLATORS, VOLUNTEERS = "Editors", "Moderators", "Translators", "Volunteers"
ROLES = (EDITORS, MODERATORS, TRANSLATORS, VOLUNTEERS)
ADMIN_ACCESS = ("wagtailadmin", "access_admin")
SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")  # "Translate this page", "Sync translations"
TAXONOMY = (Region, Country, Theme, TargetGroup, SDGTarget)
GROUP_NAME_LENGTH = Group._meta.get_field("name").max_length


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def model_permission(model, action):
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(model), codename=get_permission_codename(action, model._meta)
    )


def grant_page(group, page, action):
    """Wagtail's page permission `action` ("add", "change", "publish"…) for `group` on `page` and below."""
    GroupPagePermission.objects.get_or_create(group=group, page=page, permission=model_permission(Page, action))


def ensure_roles():
    """Create the role groups if missing (idempotent; run by a migration and by setup_site)."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    root = Page.get_first_root_node()
    for name in (EDITORS, MODERATORS, TRANSLATORS):
        groups[name].permissions.add(permission(*ADMIN_ACCESS), permission(*SUBMIT_TRANSLATION))
    # "add" lets a translator create a page's translation ("Translate this page") and edit the
    # translations they own, never the originals, nor publish.
    grant_page(groups[TRANSLATORS], root, "add")
    # The vocabulary (Taxonomy menu): editors add and rename terms; translators translate them
    # (wagtail-localize creates a term's translation with "add" and edits it with "change").
    for name in (EDITORS, TRANSLATORS):
        for model in TAXONOMY:
            for action in ("add", "change"):
                groups[name].permissions.add(model_permission(model, action))
    return groups


def ensure_partner_group(partner, grant=True):
    """The group of `partner`'s organisation, created or renamed after the page's original title.

    `grant`: (re)give the group its permissions, as a new group always gets them; saving an
    existing page only needs the name kept.
    """
    original = PartnerPage.objects.filter(translation_key=partner.translation_key).order_by("pk").first() or partner
    name = unique_name(original.title, partner.translation_key)
    link = PartnerGroup.objects.select_related("group").filter(translation_key=partner.translation_key).first()
    if link is None:
        group = Group.objects.create(name=name)
        link = PartnerGroup.objects.create(translation_key=partner.translation_key, group=group)
        grant = True
    elif link.group.name != name:
        link.group.name = name
        link.group.save(update_fields=["name"])
    if grant:
        grant_partner_permissions(link.group, partner.translation_key)
    return link.group


def unique_name(title, translation_key):
    """The organisation's title, unless a role or another group already has it."""
    name = title[:GROUP_NAME_LENGTH]
    clash = Group.objects.filter(name=name).exclude(partner_organisation__translation_key=translation_key)
    if name in ROLES or clash.exists():
        name = f"{title[: GROUP_NAME_LENGTH - 11]} ({str(translation_key)[:8]})"
    return name


def grant_partner_permissions(group, translation_key):
    group.permissions.add(permission(*ADMIN_ACCESS))
    for index in PracticeIndexPage.objects.all():
        grant_page(group, index, "add")
    for page in PartnerPage.objects.filter(translation_key=translation_key):
        grant_page(group, page, "change")
    root_collection = Collection.get_first_root_node()
    # Wagtail checks image and document permissions on its own models (`auth_model`), whatever
    # the image model: a custom image model's own permissions are never asked for.
    for policy in (images_policy(), documents_policy()):
        for action in ("add", "choose"):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=model_permission(policy.auth_model, action)
            )


def member_organisation(user):
    """The translation key of the partner organisation whose group `user` is in, or None.

    Registered with base.permissions.organisation_of, which asks it only for people with no wider role.
    """
    if not user.is_authenticated:
        return None
    return PartnerGroup.objects.filter(group__user=user).values_list("translation_key", flat=True).first()


def ensure_editorial_roles():
    """The role groups and every partner organisation's group, with their permissions (setup_site)."""
    ensure_roles()
    seen = set()
    for partner in PartnerPage.objects.order_by("pk"):
        if partner.translation_key not in seen:
            seen.add(partner.translation_key)
            ensure_partner_group(partner)
