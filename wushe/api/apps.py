from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wushe.api"
    label = "api"
