"""Decision drafts, number sequences and payments (placeholder)."""
