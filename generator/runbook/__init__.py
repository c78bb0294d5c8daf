"""The install runbook: phases of steps, checks and commands, built from a deployment's plans and exports."""
