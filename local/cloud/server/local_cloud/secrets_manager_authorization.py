"""Secrets Manager requests authorized against the secret they name, under IAM enforcement.

moto checks a request's identity policies against the resource its response class names in
`_determine_resource` (moto/core/responses.py, BaseResponse.call_action), and against "*" when it
names none, as SecretsManagerResponse does in 5.2.5. AWS evaluates the secret actions against the
secret's ARN: the Service Authorization Reference ("Actions, resources, and condition keys for AWS
Secrets Manager") lists resource type `Secret` for GetSecretValue, DescribeSecret, PutSecretValue,
DeleteSecret and the others that take a `SecretId`. Against "*", a least-privilege statement that
allows GetSecretValue on one secret's ARN never matches, so the migrate function (its role may read
only the cluster's master user secret) was refused what AWS allows it.

The resource is the ARN of the secret `SecretId` names (a name, a full ARN or a partial one, resolved
the way moto's store resolves them); for a secret that does not exist, the ARN it would have without
AWS's random suffix, so a statement for `...:secret:name-*` matches as on AWS; for requests without a
`SecretId` (ListSecrets, CreateSecret, GetRandomPassword), "*" as before.
"""

from __future__ import annotations

from typing import Any, Callable

from moto.core.exceptions import JsonRESTError
from moto.secretsmanager.models import secretsmanager_backends
from moto.utilities.utils import get_partition


def determine_resource(self: Any) -> str:
    secret_id = self._get_param("SecretId")
    if not isinstance(secret_id, str) or not secret_id:
        return "*"
    secret = secretsmanager_backends[self.current_account][self.region].secrets.get(secret_id)
    if secret is not None:
        return str(secret.arn)
    if secret_id.startswith("arn:"):
        return secret_id
    return f"arn:{get_partition(self.region)}:secretsmanager:{self.region}:{self.current_account}:secret:{secret_id}"


def wrap_raise_access_denied(original: Callable[[Any], None]) -> Callable[[Any], None]:
    """A refusal in the request's protocol: JSON for the JSON-protocol services.

    moto raises its XML AccessDenied for every service; a JSON-protocol client (an `X-Amz-Target`
    request: Secrets Manager, Redshift Serverless, the Data API) cannot parse it (the AWS SDK for
    JavaScript reports a SyntaxError instead of the refusal). AWS answers such a request with HTTP 400
    and `{"__type": "AccessDeniedException", "message": ...}` ("AWS JSON 1.1 protocol", Smithy:
    errors are named by `__type`; every JSON service model lists AccessDeniedException). Other
    protocols keep moto's answer.
    """

    def raise_access_denied(self: Any) -> None:
        if not self._headers.get("X-Amz-Target"):
            original(self)
            return
        raise JsonRESTError(
            "AccessDeniedException",
            f"User: {self._access_key.arn} is not authorized to perform: {self._action}",
        )

    return raise_access_denied
