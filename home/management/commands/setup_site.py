"""`manage.py setup_site`: locales, home pages and an admin account; run by `make run`, safe to repeat."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.site_setup import SiteAddressError, ensure_site

PASSWORD_FILE = settings.BASE_DIR / ".local" / "admin-password"


class Command(BaseCommand):
    help = "Create the locales, a home page in every language and an administrator, if missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            help="The address readers open, e.g. https://socialab.example.org: the Site's host and port, from which the "
            "sitemap, feeds and API write their links. Without it they are left as they are (localhost on a new site).",
        )

    def handle(self, *args, **options):
        try:
            homes = ensure_site(options["url"])
        except SiteAddressError as error:
            raise CommandError(str(error)) from error
        options["url"] = options["url"] or settings.WAGTAILADMIN_BASE_URL
        self.stdout.write(f"Home pages: {', '.join(sorted(homes))}")
        username, password, created = self.ensure_admin()
        if password:
            state = "created" if created else "unchanged"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Admin ({state}): {options['url'].rstrip('/')}/admin/  user: {username}  password: {password}"
                )
            )
        else:
            self.stdout.write(f"Admin user {username!r} exists; its password was changed outside this command.")

    def ensure_admin(self):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD") or self.remembered_password()
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or secrets.token_urlsafe(12)
            User.objects.create_superuser(username, os.environ.get("ADMIN_EMAIL", "admin@localhost"), password)
            self.remember_password(password)
            return username, password, True
        if password and user.check_password(password):
            return username, password, False
        return username, None, False

    def remembered_password(self):
        return PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else None

    def remember_password(self, password):
        PASSWORD_FILE.parent.mkdir(exist_ok=True)
        PASSWORD_FILE.write_text(password)
        PASSWORD_FILE.chmod(0o600)
