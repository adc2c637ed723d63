from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "socialab.images"
    label = "images"
    verbose_name = "Images"
