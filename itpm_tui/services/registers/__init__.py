"""The governance registers: RACI, risks, changes, issues, quality, compliance, communications."""
