#!/usr/bin/env bash
# Removes a deployed Cubed worker: empties its work bucket (CloudFormation cannot delete a bucket that
# holds objects), then deletes the stack (function, role, log group, bucket).
#
#   infra/teardown.sh [--stack-name NAME] [--region REGION] [--yes]
#
# Needs the AWS CLI (and uses the SAM CLI when present). Everything in the work bucket is deleted, results included: copy out what you keep.
set -euo pipefail
stack="cubed"
region=""
assume_yes=false

# an option that takes a value must have one (not the end of the line, not the next option)
needs_value() {
  if [ "$2" -lt 2 ] || [[ "$3" == -* ]]; then
    echo "teardown.sh: $1 needs a value, e.g. $1 $([ "$1" = --region ] && echo eu-west-1 || echo cubed)" >&2
    exit 2
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --stack-name) needs_value "$1" $# "${2:-}"; stack="$2"; shift 2 ;;
    --region) needs_value "$1" $# "${2:-}"; region="$2"; shift 2 ;;
    --yes|-y) assume_yes=true; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "teardown.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v aws >/dev/null 2>&1; then
  echo "teardown.sh: the AWS CLI is needed (https://aws.amazon.com/cli/)" >&2
  exit 1
fi
region_args=()
[ -n "$region" ] && region_args=(--region "$region")

errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
if ! bucket="$(aws cloudformation describe-stacks --stack-name "$stack" ${region_args[@]+"${region_args[@]}"} \
    --query "Stacks[0].Outputs[?OutputKey=='WorkBucketName'].OutputValue" --output text 2>"$errors")"; then
  # only "does not exist" means there is nothing to remove; anything else (no credentials, no region,
  # no network) is said as it is, with what to set
  if grep -q "does not exist" "$errors"; then
    echo "teardown.sh: no stack named $stack${region:+ in $region}; nothing to remove" >&2
  else
    echo "teardown.sh: cannot look up stack $stack${region:+ in $region}: $(tr '\n' ' ' < "$errors")" >&2
    if grep -qi "credentials" "$errors"; then
      echo "teardown.sh: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (aws configure), then run it again" >&2
    elif grep -qi "region" "$errors"; then
      echo "teardown.sh: pass --region REGION (or set AWS_REGION)" >&2
    fi
  fi
  exit 1
fi

if [ "$assume_yes" != true ]; then
  printf 'Delete stack %s and everything in bucket %s? [y/N] ' "$stack" "$bucket"
  read -r answer
  case "$answer" in y|Y|yes) ;; *) echo "teardown.sh: nothing deleted"; exit 1 ;; esac
fi

if [ -n "$bucket" ] && [ "$bucket" != "None" ]; then
  echo "teardown.sh: emptying s3://$bucket ..." >&2
  aws s3 rm "s3://$bucket" --recursive --only-show-errors ${region_args[@]+"${region_args[@]}"}
fi

echo "teardown.sh: deleting stack $stack ..." >&2
if command -v sam >/dev/null 2>&1; then
  # sam delete also removes the worker zip SAM uploaded for this stack.
  sam delete --stack-name "$stack" --no-prompts ${region_args[@]+"${region_args[@]}"}
else
  aws cloudformation delete-stack --stack-name "$stack" ${region_args[@]+"${region_args[@]}"}
  aws cloudformation wait stack-delete-complete --stack-name "$stack" ${region_args[@]+"${region_args[@]}"}
  echo "teardown.sh: the worker zip SAM uploaded stays in its managed bucket (stack aws-sam-cli-managed-default)." >&2
fi
echo "teardown.sh: stack $stack deleted." >&2
