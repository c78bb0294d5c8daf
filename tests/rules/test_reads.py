"""The rules' declared reads (generator/rules/reads.py), which the Guide's field reference prints: every
rule declares the design fields it reads, every declared field exists, and nothing a rule reads on the
project's designs is left undeclared."""

from __future__ import annotations

import inspect
import sys

from generator import model
from generator.model.base import StrictModel
from generator.rules import RULES
from generator.rules.catalogue import Phase
from generator.rules.reads import READS
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT))
from tools.rule_reads import design_files, recording, trace

FIX = "run `.venv/bin/python tools/rule_reads.py --write` and review the change to generator/rules/reads.py"


def model_fields() -> set[str]:
    classes = {cls for module in (model, *[sys.modules[m] for m in sys.modules if m.startswith("generator.model.")])
               for _, cls in inspect.getmembers(module, inspect.isclass) if issubclass(cls, StrictModel)}
    return {f"{cls.__name__}.{name}" for cls in classes for name in cls.model_fields}


def test_every_rule_declares_what_it_reads() -> None:
    undeclared = sorted(r.id for r in RULES.values() if r.phase is not Phase.proof and not READS.get(r.id))
    assert not undeclared, f"rules that declare no design field they read: {undeclared}; {FIX}"
    unknown = sorted(set(READS) - set(RULES))
    assert not unknown, f"generator/rules/reads.py names rules the catalogue does not have: {unknown}; {FIX}"


def test_declared_fields_exist() -> None:
    fields = model_fields()
    assert "Zone.pods" in fields and "Deployment.cloudstack_version" in fields
    wrong = sorted({f"{rule_id}: {f}" for rule_id, declared in READS.items() for f in declared if f not in fields})
    assert not wrong, f"declared reads that are not fields of the model: {wrong}; {FIX}"


def test_what_rules_read_on_the_designs_is_declared() -> None:
    paths = design_files()
    assert len(paths) > 20, "the designs of designs/ and tests/"
    found = trace(paths)
    assert "Deployment.cloudstack_version" in found["RELEASE-UNKNOWN"], "the tracer sees a rule's reads"
    missing = sorted(f"{rule_id} reads {f}" for rule_id, read in found.items() for f in read
                     if f not in READS.get(rule_id, ()))
    assert not missing, f"{len(missing)} reads not declared in generator/rules/reads.py: {missing[:20]}; {FIX}"


def test_recording_sees_field_reads_only_while_it_runs() -> None:
    from generator.model import Site

    site = Site(name="lab")
    with recording() as seen:
        assert site.name == "lab"
        site.model_dump()  # pydantic's own walk of the fields is not a read by name
    assert site.location == ""
    assert seen == {"Site.name"}
