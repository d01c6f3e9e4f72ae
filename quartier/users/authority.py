"""Nobody raises themselves: an account may change another account (its
details, password, active state, groups) or give groups only when it holds
every permission the other account holds or would hold. Wagtail lets anyone
with users.change_user edit every account, a superuser's password included."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupCollectionPermission, GroupPagePermission


def _model_permissions(user=None, groups=None):
    if user is not None:
        return user.get_all_permissions()
    rows = Permission.objects.filter(group__in=groups).values_list(
        "content_type__app_label", "codename"
    )
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def _tree_permissions(model, groups):
    """(codename, tree path) pairs: a permission on a page or collection
    holds for everything below it."""
    return set(
        model.objects.filter(group__in=groups).values_list(
            "permission__codename",
            "page__path" if model is GroupPagePermission else "collection__path",
        )
    )


def _covers(held, wanted):
    return all(
        any(codename == own and path.startswith(own_path) for own, own_path in held)
        for codename, path in wanted
    )


def holds_all_of(actor, groups, user=None):
    """True when `actor` holds every permission of `groups` (and of `user`'s
    own model permissions): model, page and collection permissions."""
    if actor.is_superuser:
        return True
    if not actor.is_active or (user is not None and user.is_superuser):
        return False
    own_groups = actor.groups.all()
    wanted = _model_permissions(groups=groups)
    if user is not None:
        wanted |= _model_permissions(user=user)
    if not wanted <= actor.get_all_permissions():
        return False
    return all(
        _covers(_tree_permissions(model, own_groups), _tree_permissions(model, groups))
        for model in (GroupPagePermission, GroupCollectionPermission)
    )


def may_manage(actor, user):
    """May `actor` edit, deactivate, delete or set the password of `user`?"""
    return holds_all_of(actor, user.groups.all(), user=user)


def may_grant(actor, group_ids):
    """May `actor` give the groups `group_ids` to an account?"""
    return holds_all_of(actor, Group.objects.filter(pk__in=group_ids))
