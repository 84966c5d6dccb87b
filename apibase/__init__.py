"""The shared REST API framework of every app: token authentication, problem details,
scopes, throttles, pagination and the declaration of each endpoint's access. It sits below
the domain apps (it imports only ``accounts``), so that ``koers/`` stays configuration."""
