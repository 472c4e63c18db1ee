from django.apps import AppConfig


class HsdsConfig(AppConfig):
    """The feed's answers without a query string are served from the public site's cache, which
    public.signals renews when a gathering place, a schedule, an organization or a base changes."""

    name = "sasaeai.hsds"
    verbose_name = "HSDS（Open Referral）"
