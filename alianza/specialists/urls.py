"""The specialists' pages, under /programs/<code>/specialists/ (the program's Specialists
tab)."""

from django.urls import path

from alianza.specialists import views

app_name = "specialists"

PREFIX = "<str:code>/specialists/"

urlpatterns = [
    path(PREFIX, views.staffing, name="staffing"),
    path(PREFIX + "headcount/new/", views.headcount_edit, name="headcount_create"),
    path(PREFIX + "headcount/<int:year>/", views.headcount_edit, name="headcount_update"),
    path(PREFIX + "headcount.xlsx", views.headcount_export, name="headcount_export"),
    path(PREFIX + "positions/", views.position_list, name="position_list"),
    path(PREFIX + "positions/new/", views.position_edit, name="position_create"),
    path(PREFIX + "positions/<int:pk>/", views.position_detail, name="position_detail"),
    path(PREFIX + "positions/<int:pk>/edit/", views.position_edit, name="position_update"),
    path(PREFIX + "people/", views.specialist_list, name="specialist_list"),
    path(PREFIX + "people/new/", views.specialist_edit, name="specialist_create"),
    path(PREFIX + "people/<int:pk>/", views.specialist_detail, name="specialist_detail"),
    path(PREFIX + "people/<int:pk>/edit/", views.specialist_edit, name="specialist_update"),
    path(
        PREFIX + "people/<int:pk>/personal-data/",
        views.personal_data_edit,
        name="personal_data_update",
    ),
    path(PREFIX + "people.xlsx", views.staff_export, name="staff_export"),
    path(PREFIX + "contracts/", views.contract_list, name="contract_list"),
    path(PREFIX + "contracts/new/", views.contract_edit, name="contract_create"),
    path(PREFIX + "contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path(PREFIX + "contracts/<int:pk>/edit/", views.contract_edit, name="contract_update"),
    path(PREFIX + "contracts/<int:pk>/decision/", views.contract_decide, name="contract_decide"),
    path(PREFIX + "contracts/<int:pk>/renew/", views.contract_renew, name="contract_renew"),
    path(PREFIX + "channel/", views.notice_list, name="notice_list"),
    path(PREFIX + "channel/notices/new/", views.notice_edit, name="notice_create"),
    path(PREFIX + "channel/notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path(PREFIX + "channel/notices/<int:pk>/edit/", views.notice_edit, name="notice_update"),
    path(PREFIX + "channel/questions/new/", views.question_ask, name="question_create"),
    path(PREFIX + "channel/questions/<int:pk>/", views.question_detail, name="question_detail"),
    path(
        PREFIX + "channel/questions/<int:pk>/answer/",
        views.question_answer,
        name="question_answer",
    ),
]
