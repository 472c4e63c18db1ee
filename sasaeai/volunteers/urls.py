from django.urls import path

from . import views

app_name = "volunteers"
urlpatterns = [
    path("", views.home, name="home"),
    path("people/", views.volunteer_list, name="volunteer_list"),
    path("people/new/", views.volunteer_create, name="volunteer_create"),
    path("people/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("people/<int:pk>/edit/", views.volunteer_edit, name="volunteer_edit"),
    path("people/<int:pk>/end/", views.volunteer_end, name="volunteer_end"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/propose/", views.request_propose, name="request_propose"),
    path("requests/<int:pk>/done/", views.request_done, name="request_done"),
    path("bookings/<int:pk>/confirm/", views.booking_confirm, name="booking_confirm"),
    path("bookings/<int:pk>/decline/", views.booking_decline, name="booking_decline"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("attendance/<int:pk>/delete/", views.attendance_delete, name="attendance_delete"),
]
