"""Public notices of proposed lists and the public's comments (placeholder)."""
