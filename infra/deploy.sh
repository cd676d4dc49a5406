#!/usr/bin/env bash
# Builds the Lambda worker package with Maven, then deploys sam-template.yaml with the SAM CLI and
# prints the stack's outputs (among them the executor settings to paste).
#
#   infra/deploy.sh [--stack-name NAME] [--region REGION] [--guided] [--skip-build] [sam deploy options...]
#
# Example: infra/deploy.sh --stack-name cubed --region eu-west-1 --parameter-overrides MemorySize=4096
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stack="cubed"
region=""
build=true
sam_args=()

# an option that takes a value must have one (not the end of the line, not the next option)
needs_value() {
  if [ "$2" -lt 2 ] || [[ "$3" == -* ]]; then
    echo "deploy.sh: $1 needs a value, e.g. $1 $([ "$1" = --region ] && echo eu-west-1 || echo cubed)" >&2
    exit 2
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --stack-name) needs_value "$1" $# "${2:-}"; stack="$2"; shift 2 ;;
    --region) needs_value "$1" $# "${2:-}"; region="$2"; shift 2 ;;
    --skip-build) build=false; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) sam_args+=("$1"); shift ;;
  esac
done

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "deploy.sh: '$1' is not installed; $2" >&2
    exit 1
  fi
}
need sam "install the AWS SAM CLI (https://docs.aws.amazon.com/serverless-application-model/)"
[ "$build" = true ] && need mvn "install Maven 3.8+ and JDK 17+, or build the zip yourself and pass --skip-build"

zip="$root/lambda-worker/target/cubed-lambda-worker.zip"
if [ "$build" = true ]; then
  echo "deploy.sh: building the worker package with Maven..." >&2
  (cd "$root" && mvn -B -q -pl lambda-worker -am package -DskipTests)
fi
if [ ! -f "$zip" ]; then
  echo "deploy.sh: $zip is missing; build it with: mvn -pl lambda-worker -am package" >&2
  exit 1
fi

region_args=()
[ -n "$region" ] && region_args=(--region "$region")

cd "$root"
sam deploy --template-file sam-template.yaml --config-file samconfig.toml --stack-name "$stack" \
  ${region_args[@]+"${region_args[@]}"} ${sam_args[@]+"${sam_args[@]}"}

if command -v aws >/dev/null 2>&1; then
  aws cloudformation describe-stacks --stack-name "$stack" ${region_args[@]+"${region_args[@]}"} \
    --query "Stacks[0].Outputs[].[OutputKey,OutputValue]" --output text
fi
echo "deploy.sh: check the worker with: ./cubed lambda check --function <InvokeTarget> --work-dir <WorkDir>${region:+ --region $region}" >&2
