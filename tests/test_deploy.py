"""Deployment files agree with each other: compose services run the Procfile's commands, .env.example is complete."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pyfw.commands.run_cmd import read_procfile

ROOT = Path(__file__).resolve().parents[1]


def normalise(command: str) -> str:
    """A Procfile's `${PORT:-3000}` is the compose container's fixed port 3000."""
    return re.sub(r"\$\{PORT:-(\d+)\}", r"\1", command).strip()


def test_compose_services_run_the_same_commands_as_the_procfile():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    procfile = read_procfile(ROOT / "Procfile")
    services = compose["services"]
    assert set(procfile) <= set(services)
    for name, command in procfile.items():
        assert normalise(services[name]["command"]) == normalise(command), name


def test_compose_redis_has_a_healthcheck_and_a_volume_and_apps_wait_for_it():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert services["redis"]["healthcheck"]["test"]
    assert any(v.endswith(":/data") for v in services["redis"]["volumes"])
    for name in ("web", "worker", "beat", "bot"):
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert services[name]["env_file"] == ".env"


def test_env_example_names_every_setting_the_app_reads():
    example = (ROOT / ".env.example").read_text()
    source = (ROOT / "common" / "settings.py").read_text()
    read = set(re.findall(r'(?:text|_int|_flag|_choice|_user_ids)\((?:env, )?"([A-Z_]+)"', source))
    assert read, "settings.py reads no variables?"
    missing = [name for name in read if not re.search(rf"^#? ?{name}=", example, re.MULTILINE)]
    assert not missing
