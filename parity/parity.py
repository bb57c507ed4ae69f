"""Wire parity with the vendor's Python SDK, operation by operation.

For every operation in spec/oms.yaml, the vendor SDK (huaweicloudsdkoms) and the `oms` command line
(the generated client under it) send the request that parity/values.json describes to a recording
server on 127.0.0.1. The two recordings must have the same method, path, query, JSON body and signed
headers (their values too, but for the signing time), and both signatures must verify with the
vendor's own signer. The values must set every request field the vendor SDK knows, at every depth.

Usage: python parity/parity.py OMS_BINARY
"""

import http.server
import json
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from huaweicloudsdkoms.v2 import OmsClient
import huaweicloudsdkoms.v2 as vendor_models

ROOT = Path(__file__).resolve().parent.parent
AK, SK, PROJECT = "PARITYAK0000000000000", "parity-secret-key-0000000000000000000000", "0123456789abcdef0123456789abcdef"
PRIMITIVES = {"str", "int", "bool", "float", "object", "date", "datetime"}


class Recorder(http.server.ThreadingHTTPServer):
    """Records each request and answers with the body the current operation's success returns."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests = []
        self.answer = b"{}"

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append({
            "method": self.command,
            "target": self.path,
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body": body,
        })
        answer = self.server.answer
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("X-Request-Id", "parity")
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _record

    def log_message(self, *args):
        pass


def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec_root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def operations(spec):
    """(operationId, method, answer body) for every operation of the spec."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            schema = None
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    content = resolve(response).get("content", {})
                    schema = next(iter(content.values()), {}).get("schema")
            is_list = schema is not None and resolve(schema).get("type") == "array"
            yield operation["operationId"], method, b"[]" if is_list else b"{}"


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def kebab(name):
    return name.replace("_", "-")


def vendor_value(kind, data, at, covered):
    """`data` as the vendor model `kind` names; records which of the model's fields were set."""
    if kind.startswith("list["):
        return [vendor_value(kind[5:-1], item, f"{at}[]", covered) for item in data]
    if kind.startswith("dict(") or kind in PRIMITIVES:
        return data
    model = getattr(vendor_models, kind)
    unknown = set(data) - set(model.attribute_map.values())
    if unknown:
        raise SystemExit(f"{at}: the vendor model {kind} has no field {sorted(unknown)}")
    arguments = {}
    for attribute, wire in model.attribute_map.items():
        covered.setdefault(f"{kind}.{wire}", False)
        if wire in data:
            covered[f"{kind}.{wire}"] = True
            arguments[attribute] = vendor_value(model.openapi_types[attribute], data[wire], f"{at}.{wire}", covered)
    return model(**arguments)


def vendor_send(client, operation, values, covered):
    request_type = getattr(vendor_models, f"{operation}Request")
    request = request_type()
    inputs = {**values.get("path", {}), **values.get("query", {})}
    for attribute, wire in request_type.attribute_map.items():
        if attribute == "body":
            continue
        covered.setdefault(f"{operation}Request.{wire}", False)
        if wire in inputs:
            covered[f"{operation}Request.{wire}"] = True
            setattr(request, attribute, inputs[wire])
    unknown = set(inputs) - set(request_type.attribute_map.values())
    if unknown:
        raise SystemExit(f"{operation}: the vendor request has no parameter {sorted(unknown)}")
    if "body" in values:
        request.body = vendor_value(request_type.openapi_types["body"], values["body"], f"{operation}.body", covered)
    getattr(client, snake(operation))(request)


def ours_send(binary, endpoint, operation, values):
    command = [binary, "--endpoint", endpoint, kebab(snake(operation))]
    # A parameter whose flag would take one of the command line's own names gets another.
    renamed = values.get("cli_flags", {})
    for name, value in {**values.get("path", {}), **values.get("query", {})}.items():
        flag = renamed.get(name, kebab(name))
        for item in value if isinstance(value, list) else [value]:
            command += [f"--{flag}", json.dumps(item) if not isinstance(item, str) else item]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as body:
        if "body" in values:
            json.dump(values["body"], body)
            command += ["--body", body.name]
    environment = {"HUAWEICLOUD_SDK_AK": AK, "HUAWEICLOUD_SDK_SK": SK, "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT}
    run = subprocess.run(command, env=environment, capture_output=True, text=True)
    Path(body.name).unlink()
    if run.returncode != 0:
        raise SystemExit(f"{operation}: `oms` exited {run.returncode}: {run.stderr.strip()}")


def signed(recorded):
    """The signed header names and the signature of a recorded request."""
    match = re.fullmatch(r"SDK-HMAC-SHA256 Access=(\S+), SignedHeaders=(\S+), Signature=([0-9a-f]{64})",
                         recorded["headers"].get("authorization", ""))
    if not match:
        raise SystemExit(f"unsigned request: {recorded['method']} {recorded['target']}")
    return match.group(2).split(";"), match.group(3)


def verifies(recorded):
    """Whether the vendor's signer, given the recorded request, computes the recorded signature."""
    names, signature = signed(recorded)
    target = urlsplit(recorded["target"])
    request = SdkRequest(
        method=recorded["method"],
        schema="http",
        host=recorded["headers"]["host"],
        resource_path=target.path,
        query_params=parse_qsl(target.query, keep_blank_values=True),
        header_params={name: recorded["headers"][name] for name in names},
        body=recorded["body"] or "",
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    return request.header_params["Authorization"].endswith(f"Signature={signature}")


def differences(vendor, ours):
    problems = []
    for key in ("method",):
        if vendor[key] != ours[key]:
            problems.append(f"{key}: vendor {vendor[key]}, ours {ours[key]}")
    vendor_target, our_target = urlsplit(vendor["target"]), urlsplit(ours["target"])
    if vendor_target.path != our_target.path:
        problems.append(f"path: vendor {vendor_target.path}, ours {our_target.path}")
    vendor_query = sorted(parse_qsl(vendor_target.query, keep_blank_values=True))
    our_query = sorted(parse_qsl(our_target.query, keep_blank_values=True))
    if vendor_query != our_query:
        problems.append(f"query: vendor {vendor_query}, ours {our_query}")
    vendor_body = json.loads(vendor["body"]) if vendor["body"] else None
    our_body = json.loads(ours["body"]) if ours["body"] else None
    if vendor_body != our_body:
        problems.append(f"body: vendor {vendor_body}, ours {our_body}")
    vendor_names, _ = signed(vendor)
    our_names, _ = signed(ours)
    if vendor_names != our_names:
        problems.append(f"signed headers: vendor {vendor_names}, ours {our_names}")
    # The signing time differs by nature, and each client names itself in User-Agent.
    for name in set(vendor_names) & set(our_names) - {"x-sdk-date", "user-agent"}:
        if vendor["headers"][name] != ours["headers"][name]:
            problems.append(f"header {name}: vendor {vendor['headers'][name]!r}, ours {ours['headers'][name]!r}")
    for side, recorded in (("vendor", vendor), ("ours", ours)):
        if not verifies(recorded):
            problems.append(f"{side}: the signature does not verify with the vendor's signer")
    return problems


def main():
    binary = sys.argv[1]
    values = json.loads((ROOT / "parity/values.json").read_text())
    recorder = Recorder()
    threading.Thread(target=recorder.serve_forever, daemon=True).start()
    client = OmsClient.new_builder() \
        .with_credentials(BasicCredentials(AK, SK, PROJECT)) \
        .with_endpoints([recorder.url]) \
        .build()
    covered = {}
    different = 0
    listed = list(operations(spec_root))
    missing = {operation for operation, _, _ in listed} ^ set(values)
    if missing:
        raise SystemExit(f"parity/values.json and the spec differ in operations: {sorted(missing)}")
    for operation, _, answer in listed:
        recorder.answer = answer
        recorder.requests.clear()
        vendor_send(client, operation, values[operation], covered)
        ours_send(binary, recorder.url, operation, values[operation])
        if len(recorder.requests) != 2:
            raise SystemExit(f"{operation}: expected one request from each side, got {len(recorder.requests)}")
        vendor, ours = recorder.requests
        problems = differences(vendor, ours)
        different += bool(problems)
        status = "same" if not problems else "DIFFERENT"
        print(f"{status:9} {operation:32} {vendor['method']} {urlsplit(vendor['target']).path}")
        for problem in problems:
            print(f"          {problem}")
    print(f"{len(listed) - different} of {len(listed)} operations identical on the wire")
    unset = sorted(field for field, was_set in covered.items() if not was_set)
    if unset:
        print(f"parity/values.json leaves {len(unset)} vendor request fields unset: {', '.join(unset)}")
    sys.exit(1 if different or unset else 0)


spec_root = yaml.safe_load((ROOT / "spec/oms.yaml").read_text())

if __name__ == "__main__":
    main()
