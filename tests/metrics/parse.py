"""Reads a Prometheus text exposition on standard input with the Prometheus
project's own parser and writes what it found as JSON: a list of families,
each with its name, type, help and samples (name, labels, value). A text the
parser refuses makes it exit non-zero with the parser's reason."""

import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def number(v):
    # JSON has no infinity: the +Inf bucket's bound is written as a string.
    return v if math.isfinite(v) else str(v)


families = []
for family in text_string_to_metric_families(sys.stdin.read()):
    families.append(
        {
            "name": family.name,
            "type": family.type,
            "help": family.documentation,
            "samples": [
                {"name": s.name, "labels": s.labels, "value": number(s.value)}
                for s in family.samples
            ],
        }
    )
json.dump(families, sys.stdout)
