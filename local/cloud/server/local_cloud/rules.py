"""The zero-ETL rules, read from their JSON export (generated from rules/ by `npm run rules:export`)."""

from __future__ import annotations

import json
import os
import re
from typing import Any

RULES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zero_etl_rules.json")

with open(RULES_FILE, encoding="utf-8") as _rules_file:
    RULES: dict[str, Any] = json.load(_rules_file)

CLUSTER_PARAMETERS: list[dict[str, Any]] = RULES["aurora"]["clusterParameters"]
FORBIDDEN_VALUES: list[dict[str, Any]] = RULES["aurora"]["forbiddenValues"]
MIN_AURORA_VERSION: str = RULES["aurora"]["minVersion"]
CASE_SENSITIVE_IDENTIFIER: dict[str, str] = RULES["redshift"]["caseSensitiveIdentifier"]
AUTHORIZATION: dict[str, str] = RULES["redshift"]["authorization"]
WORKGROUP_SUBNETS: dict[str, Any] = RULES["redshift"]["workgroupSubnets"]

# A5: the parameters RDS refuses to apply `immediate` (they take effect at the next reboot).
STATIC_PARAMETERS = {p["name"] for p in CLUSTER_PARAMETERS if p["static"]}


def parameter_problems(values: dict[str, str]) -> list[str]:
    """Why a parameter group's values (name -> value) break A3/A4; empty when they satisfy them."""
    problems = []
    for rule in CLUSTER_PARAMETERS:
        value = values.get(rule["name"])
        if rule["requirement"] == "not-on":
            if value is not None and value.strip().upper() in ("ON", "1"):
                problems.append(f"{rule['name']} must not be ON ({rule['rule']}), the group sets {value}")
        elif value is None:
            problems.append(f"{rule['name']} must be {rule['value']} ({rule['rule']}), the group does not set it")
        elif value.lower() != rule["value"].lower():
            problems.append(f"{rule['name']} must be {rule['value']} ({rule['rule']}), the group sets {value}")
    for forbidden in FORBIDDEN_VALUES:
        value = values.get(forbidden["name"])
        if value is not None and re.search(forbidden["pattern"], value, re.IGNORECASE):
            problems.append(f"{forbidden['name']} must not be {value} (A4: {forbidden['why']})")
    return problems


def release_of(engine_version: str) -> str | None:
    """`8.0.mysql_aurora.3.08.2` -> `3.08.2` (A1)."""
    match = re.fullmatch(r"8\.0\.mysql_aurora\.(\d+\.\d+\.\d+)", engine_version or "")
    return match.group(1) if match else None


def supports_zero_etl(engine_version: str) -> bool:
    release = release_of(engine_version)
    if release is None:
        return False
    as_tuple = lambda version: tuple(int(part) for part in version.split("."))  # noqa: E731
    return as_tuple(release) >= as_tuple(MIN_AURORA_VERSION)


DATA_FILTER_PATTERN: str = RULES["integration"]["dataFilterPattern"]
DATA_FILTER_MAX_PATTERNS: int = RULES["integration"]["dataFilterMaxPatterns"]
DEFAULT_DATA_FILTER: str = RULES["integration"]["defaultDataFilter"]


def data_filter_problems(data_filter: str) -> list[str]:
    """T3: the malformed patterns of a data filter, and too many of them."""
    patterns = [pattern.strip() for pattern in data_filter.split(",")]
    problems = [f"'{p}' is not an include:/exclude: database.table pattern" for p in patterns if not re.fullmatch(DATA_FILTER_PATTERN, p)]
    if len(patterns) > DATA_FILTER_MAX_PATTERNS:
        problems.append(f"{len(patterns)} patterns, at most {DATA_FILTER_MAX_PATTERNS} are allowed")
    return problems


def workgroup_subnet_problem(region: str, subnet_count: int, zone_count: int) -> str | None:
    """Why a workgroup's subnets break R13 in `region` (at least three subnets in three zones, fewer zones
    where AWS documents an exception); None when AWS accepts them."""
    min_zones = WORKGROUP_SUBNETS["minZonesByRegion"].get(region, WORKGROUP_SUBNETS["minZones"])
    min_subnets = WORKGROUP_SUBNETS["minSubnets"]
    if subnet_count >= min_subnets and zone_count >= min_zones:
        return None
    return (
        f"A workgroup needs at least {min_subnets} subnets in {min_zones} distinct Availability Zones (R13); "
        f"got {subnet_count} subnet(s) in {zone_count} zone(s)."
    )
