#!/usr/bin/env bash
# Creates .moto-venv, the local AWS emulator (moto) used by the tests and the offline demo, or
# reinstalls it when the installed moto differs from the pin in scripts/requirements-moto.txt.
# Silent when everything is already in place. PYTHON overrides the interpreter (default python3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.moto-venv"
requirements="$root/scripts/requirements-moto.txt"
python="${PYTHON:-python3}"

wanted="$(sed -n 's/^moto==\([^[:space:];]*\).*/\1/p' "$requirements" | head -n 1)"
if [[ -z "$wanted" ]]; then
  echo "moto-venv: no 'moto==VERSION' pin in $requirements" >&2
  exit 1
fi

installed=""
if [[ -x "$venv/bin/python3" ]]; then
  installed="$("$venv/bin/python3" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null || true)"
fi
if [[ "$installed" == "$wanted" && -x "$venv/bin/moto_server" ]]; then
  exit 0
fi

echo "moto-venv: installing moto $wanted into .moto-venv (found: ${installed:-nothing})" >&2
if ! command -v "$python" >/dev/null 2>&1; then
  echo "moto-venv: $python not found; install Python 3.9+ (with the venv module) first" >&2
  exit 1
fi
if [[ ! -x "$venv/bin/python3" ]] || ! "$venv/bin/python3" -c 'import pip' >/dev/null 2>&1; then
  # A missing or broken venv: start over rather than patch it.
  "$python" -m venv --clear "$venv"
fi
"$venv/bin/python3" -m pip install --quiet --disable-pip-version-check -r "$requirements"

installed="$("$venv/bin/python3" -c 'import importlib.metadata as m; print(m.version("moto"))')"
if [[ "$installed" != "$wanted" ]]; then
  echo "moto-venv: expected moto $wanted after installing, found $installed" >&2
  exit 1
fi
echo "moto-venv: moto $installed ready" >&2
