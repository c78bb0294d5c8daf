"""The verification stage: derive the L2/L3 graph from the plans and prove the outputs.

Runs after plan and render on a valid design; its failures are design findings (rule ids
``VERIFY-*`` in the catalogue) and its answers are published as the deployment's Proof page.
"""

from .prove import findings_of, prove, proved, proved_artefacts
from .reachability import expected_pairs
from .types import CheckResult, FailureCase, PairKind, Proof, ReachPair, VerifyIssue

__all__ = ["CheckResult", "FailureCase", "PairKind", "Proof", "ReachPair", "VerifyIssue", "expected_pairs",
           "findings_of", "prove", "proved", "proved_artefacts"]
