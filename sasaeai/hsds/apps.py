from django.apps import AppConfig


class HsdsConfig(AppConfig):
    name = "sasaeai.hsds"
    verbose_name = "HSDS（Open Referral）"

    def ready(self) -> None:
        """Renew the public cache when a gathering place or its schedule changes.

        The feed's answers without a query string are served from the public pages' cache
        (sasaeai.public.views.cached_page), which public.signals renews for the models it watches;
        places are not among them yet, so the feed watches its own here.
        """
        from django.db.models.signals import post_delete, post_save

        from sasaeai.places.models import GatheringPlace, Schedule
        from sasaeai.public.signals import renew

        def changed(sender: object, **kwargs: object) -> None:
            renew()

        for model in (GatheringPlace, Schedule):
            uid = f"hsds-cache-{model._meta.label}"
            post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)
