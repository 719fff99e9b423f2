"""Cross-border and rural e-commerce, §4.4."""
