"""Board settings as `poboard config` spells them: one key, one value, one event."""

from __future__ import annotations

from .. import rules
from ..errors import GateRefusal, InvalidInputError
from ..models import DEFAULT_WEIGHTS, WIP_COLUMNS, Settings
from ..store import planning
from .sprints import SprintService

CONFIG_KEYS = (
    "name",
    "product_owners",
    "definition_of_done",
    *(f"weights.{name}" for name in DEFAULT_WEIGHTS),
    *(f"wip.{column}" for column in WIP_COLUMNS),
    "retro.votes",
)


def config_items(settings: Settings) -> list[tuple[str, str]]:
    """Every key with its value written as `config set` takes it."""
    rows = [
        ("name", settings.name),
        ("product_owners", ",".join(settings.product_owners)),
        ("definition_of_done", ";".join(settings.definition_of_done)),
    ]
    rows += [
        (f"weights.{k}", f"{settings.weights.get(k, v):g}") for k, v in DEFAULT_WEIGHTS.items()
    ]
    rows += [
        (f"wip.{c}", "" if settings.wip.get(c) is None else str(settings.wip[c]))
        for c in WIP_COLUMNS
    ]
    rows.append(("retro.votes", str(settings.retro_votes)))
    return rows


def parse_setting(settings: Settings, key: str, value: str) -> tuple[str, object]:
    """The stored key and value for `config set KEY VALUE`, or a refusal naming valid ones."""
    if key not in CONFIG_KEYS:
        raise InvalidInputError(f"unknown config key {key!r}; valid keys: {', '.join(CONFIG_KEYS)}")
    text = value.strip()
    if key == "name":
        if not text:
            raise InvalidInputError("name cannot be empty")
        return "name", text
    if key == "product_owners":
        return key, [name.strip() for name in text.split(",") if name.strip()]
    if key == "definition_of_done":
        return key, [line.strip() for line in text.split(";") if line.strip()]
    if key.startswith("weights."):
        try:
            weight = float(text)
        except ValueError:
            raise InvalidInputError(f"{key} takes a number from 0 to 10, not {value!r}") from None
        if not 0 <= weight <= 10:
            raise InvalidInputError(f"{key} takes a number from 0 to 10, not {value!r}")
        return "weights", {**settings.weights, key.split(".", 1)[1]: weight}
    if key.startswith("wip."):
        if text in ("", "none", "off"):
            return "wip", {**settings.wip, key.split(".", 1)[1]: None}
        if not text.isdecimal() or int(text) < 1:
            raise InvalidInputError(f"{key} takes a whole number of 1 or more, or 'off'")
        return "wip", {**settings.wip, key.split(".", 1)[1]: int(text)}
    if not text.isdecimal() or not 1 <= int(text) <= 20:
        raise InvalidInputError("retro.votes takes a whole number from 1 to 20")
    return "retro_votes", int(text)


class ConfigService(SprintService):
    def configure(self, key: str, value: str) -> Settings:
        with self.writing():
            settings = self.settings()
            refusal = rules.config_refusal(self.user, settings.product_owners, key)
            if refusal:
                raise GateRefusal(refusal)
            old = dict(config_items(settings))[key] if key in CONFIG_KEYS else None
            stored_key, stored_value = parse_setting(settings, key, value)
            planning.save_setting(self.db, stored_key, stored_value)
            updated = self.settings()
            self.log(self.event("config", None, key, old, dict(config_items(updated))[key]))
            if stored_key == "definition_of_done":
                self.apply_definition_of_done(self.open_sprint_items())
        return updated
