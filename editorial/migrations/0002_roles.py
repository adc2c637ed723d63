"""The role groups, and a group for each partner organisation already on the site (historical models only;
`setup_site` then gives them their permissions, which need every app's permissions to exist)."""

from django.db import migrations

ROLES = ("Editors", "Moderators", "Translators", "Volunteers")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    PartnerGroup = apps.get_model("editorial", "PartnerGroup")
    PartnerPage = apps.get_model("partners", "PartnerPage")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    originals = {}
    for key, title in PartnerPage.objects.order_by("pk").values_list("translation_key", "title"):
        originals.setdefault(key, title)
    for key, title in originals.items():
        if PartnerGroup.objects.filter(translation_key=key).exists():
            continue
        name = title[:150] if not Group.objects.filter(name=title[:150]).exists() else f"{title[:139]} ({str(key)[:8]})"
        PartnerGroup.objects.create(translation_key=key, group=Group.objects.create(name=name))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("partners", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
