"""Settings for the test suite: fixed, throw-away keys and fast password hashing."""

import os

os.environ.setdefault("KOERS_ENV", "test")
os.environ.setdefault(
    "KOERS_KEKS",
    "test2:5RyttoIogU4dkf5QiPIA3ZM08UnkmE72GGxj7+ZCJcs=,test1:vYgYnYXqT6hBCGSAx9zKKCg+KhmENwQY52JIA5a1OOw=",
)
os.environ.setdefault("KOERS_BLIND_INDEX_KEY", "5bhMifYkpAzf3Axto8nwtHzlh+2uARe4yLfAqVI9tcQ=")
os.environ.setdefault("KOERS_PSEUDONYM_SECRET", "4LcUv5A0iyW5GOComY9bdFGuXSdr4g1Gww1PT3JSZHA=")
# Checkpoints are not written outside the database unless a test names a file of its own.
os.environ.setdefault("KOERS_AUDIT_CHECKPOINT_FILE", "")
os.environ.setdefault("KOERS_ERASURE_LEDGER", "")
os.environ.setdefault("KOERS_AUDIT_KEY", "audit1:q8n0r3cX5kzv6Yq1mJ0x8Hc2bB7dPpWm9sT4uE1fG2k=")

from koers.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
