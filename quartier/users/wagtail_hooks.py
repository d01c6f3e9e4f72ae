"""The users admin refuses every change to an account that holds more than
the acting account, and every grant of a group it does not hold all of
(quartier.users.authority)."""

from django.contrib.auth import get_user_model

from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .authority import may_grant, may_manage


def _requested_groups(request):
    return [value for value in request.POST.getlist("groups") if value.isdigit()]


@hooks.register("before_create_user")
def refuse_creating_above_oneself(request):
    if request.method == "POST" and not may_grant(request.user, _requested_groups(request)):
        return permission_denied(request)
    return None


@hooks.register("before_edit_user")
def refuse_editing_above_oneself(request, user):
    if not may_manage(request.user, user):
        return permission_denied(request)
    if request.method == "POST" and not may_grant(request.user, _requested_groups(request)):
        return permission_denied(request)
    return None


@hooks.register("before_delete_user")
def refuse_deleting_above_oneself(request, user):
    if not may_manage(request.user, user):
        return permission_denied(request)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_actions_above_oneself(request, action_type, objects, action_class_instance):
    if action_class_instance.model is not get_user_model():
        return None
    if not all(may_manage(request.user, user) for user in objects):
        return permission_denied(request)
    role = request.POST.get("role", "")
    if role.isdigit() and not may_grant(request.user, [role]):
        return permission_denied(request)
    return None
