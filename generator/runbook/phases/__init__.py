"""The runbook's phases, in install order; each module builds one phase from the context."""
