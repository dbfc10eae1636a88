"""Render .env.example from the settings model, so the documented keys cannot drift.

Run `python -m hospital.settings_doc > .env.example` after adding a setting.
"""

from __future__ import annotations

from pydantic import BaseModel, SecretStr

from hospital.settings import Settings

HEADER = """\
# Every setting of the platform, with its local default. Copy to .env and edit, or export
# the variables. Nesting uses a double underscore: HOSPITAL_<SECTION>__<KEY>.
# Secrets have no default: in local mode they are generated into .local/secrets/ when
# unset; in deployed mode (HOSPITAL_MODE=deployed) start-up fails naming the missing key.
"""


def _value(value) -> str:
    if value is None or isinstance(value, SecretStr):
        return ""
    return str(value)


def render() -> str:
    lines = [HEADER]
    defaults = Settings.model_construct()
    for name, field in Settings.model_fields.items():
        if name == "home":
            lines.append("# Root of the checkout; .local/ and data/ live under it.\n# HOSPITAL_HOME=\n")
            continue
        default = getattr(defaults, name, field.default)
        if isinstance(default, BaseModel):
            lines.append(f"# [{name}]")
            for key, sub in type(default).model_fields.items():
                value = getattr(default, key)
                secret = "SecretStr" in str(sub.annotation)
                prefix = "# " if value is None or secret else ""
                note = "  # secret: no default" if secret else ("  # optional, unset" if value is None else "")
                lines.append(f"{prefix}HOSPITAL_{name.upper()}__{key.upper()}={_value(value)}{note}")
            lines.append("")
        else:
            lines.append(f"HOSPITAL_{name.upper()}={_value(default)}\n")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
