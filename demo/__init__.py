"""Demo and synthetic data, apart from the product: ``manage.py seed_demo`` (a demo account
for every role and a small programme history in every app) and ``manage.py
generate_synthetic`` (volume for benchmarks). This package sits above every app and may import
any of them; no product module imports it (tests/test_architecture.py)."""
