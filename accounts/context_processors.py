from accounts.permissions import user_roles
from accounts.roles import FILE_ROLES, ROLE_LABELS


def roles(request):
    names = user_roles(request.user) if hasattr(request, "user") else frozenset()
    return {
        "koers_roles": names,
        "koers_role_labels": [ROLE_LABELS[name] for name in sorted(names) if name in ROLE_LABELS],
        "koers_has_files": bool(names & FILE_ROLES),
    }
