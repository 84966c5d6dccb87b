"""``manage.py generate_synthetic``: fictitious participants at scale (see ``demo.synthetic``)."""

from demo.synthetic import Command

__all__ = ["Command"]
