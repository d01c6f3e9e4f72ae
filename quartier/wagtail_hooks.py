from wagtail import hooks

from .admin_privacy import ChoosableDocumentsAdminAPIViewSet, ChoosableImagesAdminAPIViewSet


@hooks.register("construct_admin_api", order=100)
def restrict_admin_api(router):
    """Replaces the endpoints that wagtail.images and wagtail.documents register
    (order 100: after theirs), which list every title and file to any account."""
    router.register_endpoint("images", ChoosableImagesAdminAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAdminAPIViewSet)
