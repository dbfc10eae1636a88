"""`.env.example` documents every settings key (it is rendered from the model)."""

from pathlib import Path

from hospital.settings_doc import render

ROOT = Path(__file__).resolve().parents[2]


def test_env_example_is_current():
    assert (ROOT / ".env.example").read_text() == render(), "run: python -m hospital.settings_doc > .env.example"


def test_no_secret_has_a_value():
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "secret: no default" in line:
            assert line.startswith("# ") and line.split("=", 1)[1].startswith("  #"), line
