from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Socialab's user, custom from the first migration so fields can be added later without pain."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
