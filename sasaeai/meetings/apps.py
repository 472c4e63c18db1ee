from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "sasaeai.meetings"
    verbose_name = "地域福祉懇談会"
