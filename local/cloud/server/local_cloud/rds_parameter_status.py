"""The DB cluster parameter group status of cluster members, and reboots, as RDS reports them.

moto 5.2.5 reports every member `in-sync` whatever happens to its parameter group, and
RebootDBInstance changes nothing. RDS instead:

* refuses `ApplyMethod=immediate` for a static parameter ("cannot use immediate apply method for
  static parameter", A5; the static ones are the rules' pending-reboot parameters);
* after a `pending-reboot` change of a parameter's value, reports every member of every cluster
  using the group `pending-reboot`, asynchronously: right after the change a member can still read
  `in-sync` (A7; "Rebooting a DB instance within an Aurora cluster" in the Aurora User Guide, and
  DBClusterMember.DBClusterParameterGroupStatus in the RDS API Reference);
* on RebootDBInstance, shows the instance `rebooting`, then `available` with the pending changes
  applied: its member status reads `in-sync` again (API_RebootDBInstance.html; "Viewing DB
  instance status": rebooting). Rebooting an instance that is not available is
  InvalidDBInstanceState.

A member's pending changes are what makes an integration's source parameters "not in effect"
(rds_integrations.py asks `changes_pending`). Changes applied `immediate` take effect at once; the
transient `applying` status and parameter-group swaps through ModifyDBCluster are not modeled.
"""

from __future__ import annotations

from typing import Any, Callable

from moto.rds.exceptions import RDSClientError

from .clock import Transition, now, transition_seconds
from .rules import STATIC_PARAMETERS

# Attributes kept on moto's DBInstance objects.
PENDING_SINCE = "_local_cloud_pending_since"
REBOOT = "_local_cloud_reboot"


def changes_pending(instance: Any) -> bool:
    """Whether the instance has parameter changes that wait for a reboot (visible yet or not)."""
    _settle(instance)
    return getattr(instance, PENDING_SINCE, None) is not None


def _settle(instance: Any) -> None:
    """Applies a finished reboot: the changes recorded before it started are in effect."""
    reboot: Transition | None = getattr(instance, REBOOT, None)
    if reboot is None or not reboot.done:
        return
    pending_since = getattr(instance, PENDING_SINCE, None)
    if pending_since is not None and pending_since <= reboot.started:
        setattr(instance, PENDING_SINCE, None)
    instance.status = "available"
    setattr(instance, REBOOT, None)


def member_status(instance: Any) -> str:
    _settle(instance)
    pending_since = getattr(instance, PENDING_SINCE, None)
    if pending_since is not None and now() - pending_since >= transition_seconds():
        return "pending-reboot"
    return "in-sync"


def instance_status(instance: Any) -> str:
    _settle(instance)
    reboot: Transition | None = getattr(instance, REBOOT, None)
    return reboot.status if reboot is not None else instance.status


def wrap_modify_db_cluster_parameter_group(original: Callable[..., Any]) -> Callable[..., Any]:
    def modify_db_cluster_parameter_group(self: Any, name: str, parameters: list[dict[str, Any]]) -> Any:
        for parameter in parameters:
            if parameter.get("ParameterName") in STATIC_PARAMETERS and parameter.get("ApplyMethod") == "immediate":
                raise RDSClientError(
                    "InvalidParameterCombination",
                    f"cannot use immediate apply method for static parameter {parameter['ParameterName']}",
                )
        group = self.db_cluster_parameter_groups.get(name)
        current = {k: v.get("ParameterValue") for k, v in (group.parameters.items() if group else [])}
        needs_reboot = any(
            p.get("ApplyMethod") == "pending-reboot" and current.get(p.get("ParameterName")) != p.get("ParameterValue")
            for p in parameters
        )
        result = original(self, name, parameters)
        if needs_reboot:
            changed_at = now()
            for cluster in self.clusters.values():
                if (cluster.parameter_group or "").lower() == name.lower():
                    for member in cluster.members:
                        if getattr(member, PENDING_SINCE, None) is None:
                            setattr(member, PENDING_SINCE, changed_at)
        return result

    return modify_db_cluster_parameter_group


def wrap_reboot_db_instance(original: Callable[..., Any]) -> Callable[..., Any]:
    def reboot_db_instance(self: Any, db_instance_identifier: str) -> Any:
        instance = original(self, db_instance_identifier)
        if instance_status(instance) != "available":
            raise RDSClientError(
                "InvalidDBInstanceState",
                f"Instance {db_instance_identifier} is not in available state (it is {instance_status(instance)}).",
            )
        setattr(instance, REBOOT, Transition.begin("rebooting", "available"))
        instance.status = "rebooting"
        return instance

    return reboot_db_instance


def wrap_describe_db_instances(original: Callable[..., Any]) -> Callable[..., Any]:
    def describe_db_instances(self: Any, *args: Any, **kwargs: Any) -> Any:
        instances = original(self, *args, **kwargs)
        for instance in instances:
            instance.status = instance_status(instance)
        return instances

    return describe_db_instances


def db_cluster_members(cluster: Any) -> list[dict[str, Any]]:
    """DBClusterMembers with each member's own parameter group status (moto's says in-sync)."""
    return [
        {
            "DBInstanceIdentifier": member.db_instance_identifier,
            "IsClusterWriter": member.is_cluster_writer,
            "DBClusterParameterGroupStatus": member_status(member),
            "PromotionTier": member.promotion_tier,
        }
        for member in cluster.members
    ]
