"""Extensions of every abstract framework in a folder, by two independent implementations, for
the differential test of `claimgraph analyze --framework` (tests/cli/analyze.rs).

Usage: af_oracle.py DIR  ->  JSON on stdout:
  {"FILE": {"GR": [[...]], "PR": [[...], ...], "ST": [...], "by": [...]}, ...}
each extension a sorted list of argument names, the extensions sorted.

PyArg (python-argumentation, Utrecht University, MIT) answers for every framework: its
preferred and stable algorithms are the labelling algorithms of Nofal, Atkinson & Dunne 2014
and Modgil & Caminada 2009. formal-argumentation answers too where a framework has at most
MAX_BRUTE arguments: it enumerates every subset and checks Dung's definitions, which is the
most obviously right oracle but exponential. Where both answer they must agree, or the
script fails. Files are read with formal-argumentation's own ICCMA readers (apx and p af),
so our reading of the formats is tested too. One process for all frameworks.
"""

import json
import pathlib
import sys

from argumentation.core import dung
from argumentation.interop import iccma
from py_arg.abstract_argumentation_classes.abstract_argumentation_framework import (
    AbstractArgumentationFramework,
)
from py_arg.abstract_argumentation_classes.argument import Argument
from py_arg.abstract_argumentation_classes.defeat import Defeat
from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

MAX_BRUTE = 9


def canon(extensions):
    return sorted(sorted(e) for e in extensions)


def by_pyarg(names, attacks):
    args = {n: Argument(n) for n in names}
    af = AbstractArgumentationFramework(
        "af", list(args.values()), [Defeat(args[a], args[b]) for a, b in attacks]
    )
    names_of = lambda es: [[a.name for a in e] for e in es]
    return {
        "GR": canon([[a.name for a in get_grounded_extension(af)]]),
        "PR": canon(names_of(get_preferred_extensions(af))),
        "ST": canon(names_of(get_stable_extensions(af))),
    }


def by_brute_force(af):
    return {
        "GR": canon([dung.grounded_extension(af)]),
        "PR": canon(dung.preferred_extensions(af)),
        "ST": canon(dung.stable_extensions(af)),
    }


def main():
    results = {}
    for path in sorted(pathlib.Path(sys.argv[1]).iterdir()):
        text = path.read_text()
        af = iccma.parse_af(text) if path.suffix == ".af" else iccma.parse_apx(text)
        names = sorted(af.arguments)
        answer = by_pyarg(names, sorted(af.defeats))
        answer["by"] = ["pyarg"]
        if len(names) <= MAX_BRUTE:
            brute = by_brute_force(af)
            if brute != {k: answer[k] for k in brute}:
                sys.exit(f"{path.name}: the two implementations disagree: {brute} vs {answer}")
            answer["by"].append("formal-argumentation")
        results[path.name] = answer
    json.dump(results, sys.stdout)


main()
