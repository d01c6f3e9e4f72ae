"""Names of the role groups. The groups and their permissions are created by
a data migration in directory/, so that every deployment has them."""

COORDINATION_GROUP = "Koordinationsteam"
EDITORS_GROUP = "Redaktion"
SHOPKEEPERS_GROUP = "Geschäftsinhaber"

# Editors add, edit and publish campaigns, workshops and news: these page
# permissions sit on every event index and news index page (blog grants them
# when such a page is created), never on the home page, so business profiles
# and the legal pages stay with the coordination team.
EDITORS_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
JOB_COACHES_GROUP = "Jobcoaches"
