"""What moto 5.2.5 accepts but does not answer back, answered as AWS does, so that Terraform's second
plan of every stack is clean without any ignore_changes (the tier proves it with the real provider).
Installed by registry.py (`override`), each fix with the AWS page it follows:

* RDS DescribeDBClusters: `ScalingConfigurationInfo` only for `engine_mode` serverless (Aurora
  Serverless v1); moto answered an empty one for every cluster, which the provider reads as a
  scaling_configuration block. API_DBCluster.html: "ScalingConfigurationInfo … For more information,
  see Using Amazon Aurora Serverless v1".
* RDS DescribeDBInstances: the Performance Insights settings CreateDBInstance and ModifyDBInstance
  accepted (`PerformanceInsightsEnabled`, `…KMSKeyId`, `…RetentionPeriod`; API_DBInstance.html);
  moto dropped them. Enabled without a retention period keeps 7 days, the free tier (API_CreateDBInstance.html,
  PerformanceInsightsRetentionPeriod). Not modeled: the account's default `aws/rds` key AWS uses when
  no KMS key is given (the answer then has none).
* Lambda Get/CreateFunction, GetFunctionConfiguration, UpdateFunctionConfiguration: `LoggingConfig`
  (API_LoggingConfig.html): `LogFormat` Text unless JSON is asked for; with JSON the application and
  system log levels default to INFO; the log group defaults to `/aws/lambda/<function name>`.
* EC2 DescribeSecurityGroupRules: the `Description` of a rule that references a security group
  (API_SecurityGroupRule.html); moto kept it only for CIDR rules.
* S3 GetBucketNotificationConfiguration: `EventBridgeConfiguration` once EventBridge delivery is on
  (API_GetBucketNotificationConfiguration.html, API_EventBridgeConfiguration.html); moto stored it
  but never answered it.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7
DEFAULT_LOG_LEVEL = "INFO"


def scaling_configuration_info(original: property) -> property:
    def info(cluster: Any) -> dict[str, Any] | None:
        return original.fget(cluster) if cluster.engine_mode == "serverless" else None

    return property(info)


def _performance_insights(instance: Any) -> None:
    """DescribeDBInstances' Performance Insights members, from what Create/ModifyDBInstance were given
    (moto keeps ModifyDBInstance's arguments under their request names)."""
    enabled = bool(getattr(instance, "enable_performance_insights", False))
    instance.performance_insights_enabled = enabled
    if not enabled:
        instance.performance_insights_kms_key_id = None
        instance.performance_insights_retention_period = None
    elif not getattr(instance, "performance_insights_retention_period", None):
        instance.performance_insights_retention_period = DEFAULT_PERFORMANCE_INSIGHTS_RETENTION_DAYS


def wrap_db_instance_init(original: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(original)
    def init(instance: Any, *args: Any, **kwargs: Any) -> None:
        original(instance, *args, **kwargs)
        instance.enable_performance_insights = kwargs.get("enable_performance_insights")
        instance.performance_insights_kms_key_id = kwargs.get("performance_insights_kms_key_id")
        instance.performance_insights_retention_period = kwargs.get("performance_insights_retention_period")
        _performance_insights(instance)

    return init


def wrap_db_instance_update(original: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(original)
    def update(instance: Any, *args: Any, **kwargs: Any) -> None:
        original(instance, *args, **kwargs)
        _performance_insights(instance)

    return update


def logging_config(function_name: str, requested: dict[str, Any] | None, current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The LoggingConfig AWS keeps for a function, from what was asked (on top of `current` for an update)."""
    merged = {**(current or {}), **(requested or {})}
    log_format = merged.get("LogFormat") or "Text"
    config: dict[str, Any] = {
        "LogFormat": log_format,
        "LogGroup": merged.get("LogGroup") or f"/aws/lambda/{function_name}",
    }
    if log_format == "JSON":
        config["ApplicationLogLevel"] = merged.get("ApplicationLogLevel") or DEFAULT_LOG_LEVEL
        config["SystemLogLevel"] = merged.get("SystemLogLevel") or DEFAULT_LOG_LEVEL
    return config


def wrap_lambda_init(original: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(original)
    def init(function: Any, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original(function, account_id, spec, *args, **kwargs)
        function.logging_config = logging_config(spec["FunctionName"], spec.get("LoggingConfig"))

    return init


def wrap_lambda_update_configuration(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def update(function: Any, config_updates: dict[str, Any]) -> Any:
        result = original(function, config_updates)
        if "LoggingConfig" in config_updates:
            function.logging_config = logging_config(
                function.function_name, config_updates["LoggingConfig"], getattr(function, "logging_config", None)
            )
        return result

    return update


def wrap_lambda_get_configuration(original: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    @functools.wraps(original)
    def get_configuration(function: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        config = original(function, *args, **kwargs)
        config["LoggingConfig"] = getattr(function, "logging_config", None) or logging_config(function.function_name, None)
        return config

    return get_configuration


def security_group_rule_description(rule: Any) -> str | None:
    return rule.ip_range.get("Description") or rule.source_group.get("Description")


def wrap_get_bucket_notification(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def get_bucket_notification(response: Any) -> Any:
        configuration = response.backend.get_bucket_notification_configuration(response.bucket_name)
        if not configuration or configuration.event_bridge is None:
            return original(response)
        serialize = response.serialized

        def with_event_bridge(action_result: Any) -> Any:
            # moto's answer for the other destinations, with the element it leaves out.
            if isinstance(action_result.result, dict):
                action_result.result["EventBridgeConfiguration"] = {}
            return serialize(action_result)

        response.serialized = with_event_bridge
        try:
            return original(response)
        finally:
            del response.serialized

    return get_bucket_notification
