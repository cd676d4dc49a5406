"""Translate sam-template.yaml with aws-sam-translator and deploy it to a moto CloudFormation server.

The test harness (SamTemplateTest) starts `python -m moto.server` and calls this script; the script
prints one JSON object: the stack status, its outputs and the path of the translated template.
moto cannot run Java functions, but it creates the bucket, role, log group and function as
CloudFormation would, so their settings can be read back through the AWS APIs.
"""
import argparse
import io
import json
import sys
import zipfile

import boto3
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

CODE_BUCKET = "sam-code-uploads"
CODE_KEY = "cubed-lambda-worker.zip"


class NoManagedPolicies:
    """The template names no AWS managed policies, so the translator never needs their ARNs."""

    def load(self):
        return {}


def placeholder_zip():
    # What `sam deploy` would upload; moto stores it without running it.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("dev/cubed/lambda/worker/README.txt", "placeholder for the worker package")
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--template", required=True)
    parser.add_argument("--stack-name", required=True)
    parser.add_argument("--translated-out", required=True)
    parser.add_argument("--parameter", action="append", default=[], help="Key=Value")
    args = parser.parse_args()

    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name="us-east-1")
    s3 = session.client("s3", endpoint_url=args.endpoint)
    cloudformation = session.client("cloudformation", endpoint_url=args.endpoint)

    # `sam deploy` uploads the local CodeUri and rewrites it to the S3 location; do the same.
    existing = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
    if CODE_BUCKET not in existing:
        s3.create_bucket(Bucket=CODE_BUCKET)
    s3.put_object(Bucket=CODE_BUCKET, Key=CODE_KEY, Body=placeholder_zip())

    with open(args.template, encoding="utf-8") as f:
        sam = yaml_parse(f.read())
    function = sam["Resources"]["WorkerFunction"]["Properties"]
    if function.get("CodeUri") != "lambda-worker/target/cubed-lambda-worker.zip":
        raise SystemExit("unexpected CodeUri " + str(function.get("CodeUri")))
    function["CodeUri"] = "s3://%s/%s" % (CODE_BUCKET, CODE_KEY)

    parameters = dict(p.split("=", 1) for p in args.parameter)
    translated = transform(sam, parameters, NoManagedPolicies())
    with open(args.translated_out, "w", encoding="utf-8") as f:
        json.dump(translated, f, indent=1)

    cloudformation.create_stack(
        StackName=args.stack_name,
        TemplateBody=json.dumps(translated),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    cloudformation.get_waiter("stack_create_complete").wait(
        StackName=args.stack_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
    stack = cloudformation.describe_stacks(StackName=args.stack_name)["Stacks"][0]
    json.dump({
        "status": stack["StackStatus"],
        "outputs": {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
    }, sys.stdout)


if __name__ == "__main__":
    main()
