from django.urls import path

from gongkai.catalog.views import attachments

app_name = "catalog"
urlpatterns = [path("attachments/<int:pk>/", attachments.download, name="attachment")]
