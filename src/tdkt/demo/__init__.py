"""Demo data: an invented province after the 2025 reform (`tdkt demo`)."""
