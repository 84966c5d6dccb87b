# Data keys are never shown or edited in the admin.
