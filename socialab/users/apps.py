from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "socialab.users"
    label = "users"
    verbose_name = "Users"
