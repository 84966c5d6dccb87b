from django.urls import path

from casework import views
from casework.views import documents

app_name = "casework"

urlpatterns = [
    path("werkbak/", views.worklist_page, name="worklist"),
    path("dossiers/", views.caseload, name="caseload"),
    path("dossiers/zoeken/", views.caseload_search, name="caseload_search"),
    path("dossiers/nieuw/", views.participant_new, name="participant_new"),
    path("dossiers/importeren/", views.import_upload, name="import_upload"),
    path("dossiers/importeren/bevestigen/", views.import_confirm, name="import_confirm"),
    path("dossiers/importeren/voorbeeld.csv", views.import_example, name="import_example"),
    path("dossiers/buiten-caseload/", views.break_glass_find, name="break_glass_find"),
    path("dossiers/buiten-caseload/reden/", views.break_glass_confirm, name="break_glass_confirm"),
    path("dossiers/<uuid:pk>/", views.participant_file, name="participant_file"),
    path("dossiers/<uuid:pk>/geschiedenis/", views.file_history, name="file_history"),
    path("dossiers/<uuid:pk>/gegevens/", views.participant_edit, name="participant_edit"),
    path("dossiers/<uuid:pk>/inschrijven/", views.enrol, name="enrol"),
    path("dossiers/<uuid:pk>/huishouden/", views.household_new, name="household_new"),
    path("dossiers/<uuid:pk>/toestemming/", views.consent_new, name="consent_new"),
    path("inschrijvingen/<uuid:pk>/voortgang/", views.progress_new, name="progress_new"),
    path("inschrijvingen/<uuid:pk>/meting/", views.measurement_new, name="measurement_new"),
    path("inschrijvingen/<uuid:pk>/plan/", views.plan_edit, name="plan_edit"),
    path("inschrijvingen/<uuid:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("inschrijvingen/<uuid:pk>/doelen/", views.goal_new, name="goal_new"),
    path("inschrijvingen/<uuid:pk>/afsluiten/", views.enrolment_end, name="enrolment_end"),
    path("inschrijvingen/<uuid:pk>/toewijzen/", views.assign, name="assign"),
    path("inschrijvingen/<uuid:pk>/overdragen/", views.transfer_new, name="transfer_new"),
    path("doelen/<uuid:pk>/", views.goal_edit, name="goal_edit"),
    path("huishoudens/<uuid:pk>/", views.household, name="household"),
    path("huishoudens/<uuid:pk>/lid/", views.household_member_add, name="household_member_add"),
    path("dossiers/<uuid:pk>/documenten/", documents.documents, name="documents"),
    path("dossiers/<uuid:pk>/documenten/nieuw/", documents.document_new, name="document_new"),
    path("documenten/<uuid:pk>/", documents.document_download, name="document_download"),
    path("documenten/<uuid:pk>/verwijderen/", documents.document_remove, name="document_remove"),
    path("overdrachten/", views.transfers, name="transfers"),
    path("overdrachten/<uuid:pk>/besluit/", views.transfer_decide, name="transfer_decide"),
    path("overdrachten/<uuid:pk>/weigeren/", views.transfer_refuse, name="transfer_refuse"),
]
