"""URLs of this app. `api_urlpatterns` are served under /api/ without a
language prefix; `urlpatterns` are served inside the language prefix."""

api_urlpatterns = []
urlpatterns = []
