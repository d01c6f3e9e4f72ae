"""Names of the role groups. The groups and their permissions are created by
a data migration in directory/, so that every deployment has them."""

COORDINATION_GROUP = "Koordinationsteam"
EDITORS_GROUP = "Redaktion"
SHOPKEEPERS_GROUP = "Geschäftsinhaber"
JOB_COACHES_GROUP = "Jobcoaches"
