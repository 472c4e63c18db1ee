from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from sasaeai.registers.urls import apps as registers_apps

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="plans:list", permanent=False)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("plans/", include("sasaeai.staff.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("sasaeai.api.urls")),
    path("registers/", include("sasaeai.registers.urls")),
    path("registers/", include(registers_apps)),
    path("public/places/", include("sasaeai.places.public_urls")),
    path("public/", include("sasaeai.public.urls")),
    path("hsds/", include("sasaeai.hsds.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
