"""Checks a scripted-aws scenario and its recorded calls against AWS's published service models.

Run by test/harness/scripted-aws.ts with .venv/bin/python (awscli 1.46 and the botocore it vendors).
Reads JSON from stdin:  {"calls": [[argv without "aws"], ...],
                         "answers": [{"key": "<service> <operation>", "index": n,
                                      "stdout": str|null, "stderr": str|null}, ...]}
Writes JSON to stdout:  {"problems": ["...", ...]}
With --serve: one such request per line on stdin, one answer per line on stdout, until stdin closes.

* Every call goes through the AWS CLI's own parser (awscli.clidriver, the code `aws` runs): the
  service, the operation, every option and its value, and the request parameters the options
  build (botocore's ParamValidator against the operation's input shape). Nothing is sent: the last
  step, the HTTP call, is replaced by the validation.
* Every scripted JSON answer must fit the operation's output shape: member names, types and enum
  values, recursively. An `An error occurred (Code)` answer must name an error the operation
  declares (or one every AWS API can return).
"""

import contextlib
import difflib
import io
import json
import os
import sys

os.environ.update(
    {
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_ACCESS_KEY_ID": "AKIAMODELCHECK000000",
        "AWS_SECRET_ACCESS_KEY": "model-check",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
)

import awscli.clidriver as clidriver  # noqa: E402
from awscli.botocore.exceptions import ParamValidationError  # noqa: E402
from awscli.botocore.validate import ParamValidator  # noqa: E402

# CLI v2 global options the deploy steps use (they are written for v2); v1 does not know them.
V2_ONLY_GLOBALS = {"--cli-binary-format": {"raw-in-base64-out", "base64"}}

# Errors any AWS API may return without the operation's model listing them.
COMMON_ERRORS = {
    "AccessDenied",
    "AccessDeniedException",
    "ExpiredToken",
    "ExpiredTokenException",
    "IncompleteSignature",
    "InternalFailure",
    "InvalidClientTokenId",
    "RequestExpired",
    "ServiceUnavailable",
    "Throttling",
    "ThrottlingException",
    "UnrecognizedClientException",
}


def validating_invoke(self, service_name, operation_name, parameters, parsed_globals):
    model = self._session.get_service_model(service_name).operation_model(operation_name)
    report = ParamValidator().validate(parameters, model.input_shape)
    if report.has_errors():
        raise ParamValidationError(report=report.generate_report())
    return 0  # the exit code of a successful call; nothing is sent


clidriver.CLIOperationCaller.invoke = validating_invoke
DRIVER = clidriver.create_clidriver()
COMMANDS = DRIVER._get_command_table()


def close(word, choices):
    match = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {match[0]}?)" if match else ""


def operation_of(service, operation):
    """(ServiceOperation, None) or (None, problem)."""
    command = COMMANDS.get(service)
    if command is None or not hasattr(command, "_get_command_table"):
        return None, f"`aws {service}` is not a service of the AWS CLI{close(service, COMMANDS)}"
    operations = command._get_command_table()
    found = operations.get(operation)
    if found is None or not hasattr(found, "_operation_model"):
        return None, f"`aws {service} {operation}` is not an operation of {service}{close(operation, operations)}"
    return found, None


def strip_v2_globals(args):
    kept, problems, i = [], [], 0
    while i < len(args):
        name, _, inline = args[i].partition("=")
        if name in V2_ONLY_GLOBALS:
            value = inline if inline else (args[i + 1] if i + 1 < len(args) else "")
            if value not in V2_ONLY_GLOBALS[name]:
                problems.append(f"{name} {value!r} is not one of {sorted(V2_ONLY_GLOBALS[name])}")
            i += 1 if inline else 2
            continue
        kept.append(args[i])
        i += 1
    return kept, problems


GLOBAL_OPTIONS = {f"--{name}" for name in DRIVER._get_argument_table()} | set(V2_ONLY_GLOBALS)


def check_call(argv):
    shown = "aws " + " ".join(argv)
    if len(argv) < 2:
        return [f"{shown}: names no service and operation"]
    operation, problem = operation_of(argv[0], argv[1])
    if problem:
        return [f"{shown}: {problem}"]
    args, problems = strip_v2_globals(list(argv))
    # argparse would accept an abbreviation (--db-cluster-id); only the full names are the API.
    names = {f"--{name}" for name in operation.arg_table} | GLOBAL_OPTIONS
    for token in args[2:]:
        option = token.partition("=")[0]
        if option.startswith("--") and option not in names:
            problems.append(f"{option} is not an option of `aws {argv[0]} {argv[1]}`{close(option, names)}")
    stderr = io.StringIO()
    code = None
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = DRIVER.main(args)
        except SystemExit as exit_:
            code = exit_.code
    if code != 0:
        lines = [line.strip() for line in stderr.getvalue().splitlines() if line.strip()]
        # argparse prints the usage first; the last "error:" line is the reason.
        errors = [line.split("error: ", 1)[1] for line in lines if "error: " in line]
        message = errors[-1] if errors else " ".join(lines[-3:])
        problems.append(message or f"the AWS CLI refused it (exit {code})")
    return [f"{shown}: {p}" for p in problems]


def json_type(value):
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "list", dict: "object"}.get(
        type(value), type(value).__name__
    )


def check_shape(value, shape, path):
    kind = shape.type_name
    expect = {
        "structure": dict,
        "map": dict,
        "list": list,
        "string": str,
        "boolean": bool,
        "blob": str,
    }
    if kind in expect:
        ok = isinstance(value, expect[kind])
    elif kind in ("integer", "long"):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind in ("float", "double"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif kind == "timestamp":
        ok = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    else:
        ok = True
    if not ok:
        return [f"{path} is a {json_type(value)}, but the model says {kind} ({shape.name})"]
    problems = []
    if kind == "structure":
        for member, item in value.items():
            if member not in shape.members:
                problems.append(
                    f"{path}.{member} is not a member of {shape.name}{close(member, shape.members)}"
                )
            else:
                problems += check_shape(item, shape.members[member], f"{path}.{member}")
    elif kind == "list":
        for index, item in enumerate(value):
            problems += check_shape(item, shape.member, f"{path}[{index}]")
    elif kind == "map":
        for key, item in value.items():
            problems += check_shape(item, shape.value, f"{path}.{key}")
    elif kind == "string" and shape.enum and value not in shape.enum:
        problems.append(f"{path} = {value!r} is not one of {shape.name}'s values {shape.enum}")
    return problems


def check_answer(answer):
    key = answer["key"]
    where = f"answer {answer['index']} to `aws {key}`"
    service, _, name = key.partition(" ")
    operation, problem = operation_of(service, name)
    if problem:
        return [f"{where}: {problem}"]
    model = operation._operation_model
    problems = []
    stdout = answer.get("stdout")
    if stdout is not None and stdout.strip():
        try:
            document = json.loads(stdout)
        except ValueError:
            problems.append(f"{where}: stdout is not JSON, but the scripts ask for --output json: {stdout[:80]!r}")
        else:
            if model.output_shape is None:
                problems.append(f"{where}: {model.name} returns no output, yet the answer prints {stdout[:80]!r}")
            else:
                problems += [f"{where}: {p}" for p in check_shape(document, model.output_shape, "output")]
    stderr = answer.get("stderr") or ""
    for code, operation_name in clidriver_errors(stderr):
        declared = {shape.name for shape in model.error_shapes} | {
            shape.error_code for shape in model.error_shapes if shape.error_code
        }
        if code not in declared and code not in COMMON_ERRORS:
            problems.append(f"{where}: {model.name} declares no error {code}{close(code, declared)}")
        if operation_name and operation_name != model.name:
            problems.append(f"{where}: the error names operation {operation_name}, but the call is {model.name}")
    return problems


def clidriver_errors(stderr):
    """(code, operation or None) for every `An error occurred (Code) [when calling the Op operation]`."""
    import re

    return [
        (match.group(1), match.group(2))
        for match in re.finditer(r"An error occurred \(([^)]+)\)(?: when calling the (\w+) operation)?", stderr)
    ]


def problems_of(request):
    problems = []
    for argv in request.get("calls", []):
        problems += check_call(argv)
    for answer in request.get("answers", []):
        problems += check_answer(answer)
    return problems


def main():
    if sys.argv[1:] == ["--serve"]:
        # One request per line, one answer per line, until stdin closes: the imports above (most of
        # the 0.8 s a check takes) are paid once per test file instead of once per test.
        for line in sys.stdin:
            print(json.dumps({"problems": problems_of(json.loads(line))}), flush=True)
        return
    json.dump({"problems": problems_of(json.load(sys.stdin))}, sys.stdout)


if __name__ == "__main__":
    main()
