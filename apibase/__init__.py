"""The shared REST API framework of every app: token authentication, problem details,
scopes, throttles, pagination, the declaration of each endpoint's access, the base of the
viewsets (``viewsets``), their schema (``schema``) and shared serializer pieces
(``serializers``). It sits below the domain apps (it imports only ``accounts`` and
``privacy``), so that ``koers/`` stays configuration."""
