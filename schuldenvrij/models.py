"""Programme-specific data comes in the programme modules issue."""
