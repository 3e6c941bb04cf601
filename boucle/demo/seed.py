def seed(*, scale: int = 1) -> str:
    """Load the demo data. Idempotent: running it twice changes nothing the second time."""
    return "No demo data yet."
