from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wushe.demo"
    label = "demo"
