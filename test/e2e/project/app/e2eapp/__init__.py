"""The e2e parity box's application: prints what the box installed."""
