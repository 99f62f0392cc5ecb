from django.urls import path

from . import views

app_name = "texts"
TEXT = "p/<int:process_pk>/agenda/<int:pk>/text/"
PROPOSAL = "p/<int:process_pk>/proposals/<int:pk>/"
urlpatterns = [
    path(TEXT, views.text_page, name="text"),
    path(TEXT + "import/", views.import_draft, name="import"),
    path(TEXT + "propose/", views.propose, name="propose"),
    path(TEXT + "notes/", views.note_save, name="note-save"),
    path(TEXT + "compare/", views.compare, name="compare"),
    path(TEXT + "docx/", views.docx, name="docx"),
    path(PROPOSAL + "table/", views.proposal_table, name="proposal-table"),
    path(PROPOSAL + "accept/", views.proposal_accept, name="proposal-accept"),
    path(PROPOSAL + "withdraw/", views.proposal_withdraw, name="proposal-withdraw"),
]
