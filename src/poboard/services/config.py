"""Board settings as `poboard config` spells them: one key, one value, one event."""

from __future__ import annotations

from collections.abc import Mapping

from ..domain import rules
from ..domain.errors import GateRefusal, InvalidInputError, SettingError
from ..domain.models import WIP_COLUMNS, Kind
from ..domain.readiness import EXPERIMENT_FIELDS, FULL_READY, READY_FIELDS, ReadyField
from ..domain.safe_text import control_refusal, folded_spaces
from ..domain.settings import DEFAULT_READY, DEFAULT_WEIGHTS, Settings
from ..store import item_rows, planning
from .core import BoardCore
from .sprints import Sprints

CONFIG_KEYS = (
    "name",
    "product_owners",
    "definition_of_done",
    *(f"weights.{name}" for name in DEFAULT_WEIGHTS),
    *(f"wip.{column}" for column in WIP_COLUMNS),
    "retro.votes",
    *(f"ready.{kind.value}" for kind in Kind),
)
# The words `config set ready.KIND` takes for each field: its own name, and others
# people use for it.
READY_WORDS = {field.value: field for field in ReadyField} | {
    "acceptance_criteria": ReadyField.CRITERIA, "criterion": ReadyField.CRITERIA,
    "guardrail": ReadyField.GUARDRAIL_METRIC, "success": ReadyField.SUCCESS_METRIC,
}  # fmt: skip


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
    rows += [
        (f"ready.{kind.value}", _names(rules.ready_needs(kind, settings.ready)) or "none")
        for kind in Kind
    ]
    return rows


def setting_value(settings: Settings, key: str) -> object:
    """What one config key holds, as a value (not as text): a weight of 1 is 1.0."""
    if key.startswith("weights."):
        name = key.split(".", 1)[1]
        return settings.weights.get(name, DEFAULT_WEIGHTS.get(name))
    if key.startswith("wip."):
        return settings.wip.get(key.split(".", 1)[1])
    if key.startswith("ready."):
        return rules.ready_needs(Kind(key.split(".", 1)[1]), settings.ready)
    return getattr(settings, "retro_votes" if key == "retro.votes" else key)


def parse_setting(settings: Settings, key: str, value: str) -> tuple[str, object]:
    """The stored key and value for `config set KEY VALUE`, or a refusal naming valid ones.
    The Definition of Done's lines are parted by `;`, or by line breaks when it has any
    (as a settings form writes them), so a line may hold a `;`."""
    if key not in CONFIG_KEYS:
        raise InvalidInputError(f"unknown config key {key!r}; valid keys: {', '.join(CONFIG_KEYS)}")
    # the rule first: str.strip would take a control character at an end for a space
    refusal = control_refusal(value.strip(" \t\n\r"), multiline=key == "definition_of_done")
    text = value.strip()
    if refusal is not None:
        raise SettingError(f"{key}: {refusal}", key)
    if key == "name":
        if not text:
            raise SettingError("name cannot be empty", key)
        return "name", text
    if key == "product_owners":
        return key, [name.strip() for name in text.split(",") if name.strip()]
    if key == "definition_of_done":
        lines = text.splitlines() if "\n" in text else text.split(";")
        return key, [folded_spaces(line) for line in lines if line.strip()]
    if key.startswith("weights."):
        try:
            weight = float(text)
        except ValueError:
            raise SettingError(f"{key} takes a number from 0 to 10, not {value!r}", key) from None
        if not 0 <= weight <= 10:
            raise SettingError(f"{key} takes a number from 0 to 10, not {value!r}", key)
        return "weights", {**settings.weights, key.split(".", 1)[1]: weight}
    if key.startswith("wip."):
        if text in ("", "none", "off"):
            return "wip", {**settings.wip, key.split(".", 1)[1]: None}
        if not text.isdecimal() or int(text) < 1:
            raise SettingError(f"{key} takes a whole number of 1 or more, or 'off'", key)
        return "wip", {**settings.wip, key.split(".", 1)[1]: int(text)}
    if key.startswith("ready."):
        kind = Kind(key.split(".", 1)[1])
        return "ready", {**settings.ready, kind.value: list(parse_ready(key, kind, text))}
    if not text.isdecimal() or not 1 <= int(text) <= 20:
        raise SettingError("retro.votes takes a whole number from 1 to 20", key)
    return "retro_votes", int(text)


def _names(fields: tuple[ReadyField, ...]) -> str:
    return ",".join(field.value for field in fields)


def parse_ready(key: str, kind: Kind, text: str) -> tuple[ReadyField, ...]:
    """A kind's Definition of Ready from `owner,estimate,criteria` (in any order, spaces
    or dashes for underscores; `full` is owner to criteria), `none` (nothing asked) or
    `default` (the kind's own default)."""
    words = text.lower()
    if words == "default":
        return DEFAULT_READY[kind]
    if words == "none":
        return ()
    allowed = READY_FIELDS if kind is Kind.EXPERIMENT else FULL_READY
    given: set[ReadyField] = set()
    for word in words.replace(";", ",").split(","):
        term = "_".join(word.replace("-", " ").split())
        if not term:
            continue
        if term == "full":
            given.update(FULL_READY)
            continue
        field = READY_WORDS.get(term)
        if field is None or field not in allowed:
            also = " (an experiment's only)" if field in EXPERIMENT_FIELDS else ""
            raise SettingError(
                f"{key}: {word.strip()!r} is not a field it can ask for{also}; "
                f"choose from {', '.join(f.value for f in allowed)} (full: owner to criteria), "
                "or none, or default",
                key,
            )
        given.add(field)
    if not given:
        raise SettingError(f"{key} takes fields like owner,estimate,criteria, or none", key)
    return tuple(f for f in READY_FIELDS if f in given)


class Config:
    """The board's settings; a changed Definition of Done reaches the items of
    open sprints through `sprints`."""

    def __init__(self, core: BoardCore, sprints: Sprints) -> None:
        self.core = core
        self.db = core.db
        self.sprints = sprints

    def configure(self, key: str, value: str) -> Settings:
        with self.core.writing():
            settings = self.core.settings()
            refusal = rules.config_refusal(
                self.core.user, settings.product_owners, key, served=self.core.served
            )
            if refusal:
                raise GateRefusal(refusal)
            old = dict(config_items(settings))[key] if key in CONFIG_KEYS else None
            stored_key, stored_value = parse_setting(settings, key, value)
            planning.save_setting(self.db, stored_key, stored_value)
            updated = self.core.settings()
            self.core.log(
                self.core.event("config", None, key, old, dict(config_items(updated))[key])
            )
            if stored_key == "definition_of_done":
                self.sprints.apply_definition_of_done(self.sprints.open_sprint_items())
            self.rederive_readiness(settings, updated)
        return updated

    def configure_many(self, values: Mapping[str, str]) -> Settings:
        """Several settings at once, as a settings form saves them, each value written as
        `config set` takes it: one transaction, one event per setting that changes, and
        nothing stored unless every value is valid and every gate passes. A value equal
        to the stored one is no change, so it needs no product owner."""
        with self.core.writing():
            before = self.core.settings()
            after = before.model_copy(deep=True)
            stored_keys: dict[str, str] = {}
            for key, value in values.items():
                stored_key, stored_value = parse_setting(after, key, value)
                setattr(after, stored_key, stored_value)
                stored_keys[key] = stored_key
            changed = [
                key
                for key in CONFIG_KEYS
                if key in values and setting_value(after, key) != setting_value(before, key)
            ]
            refusal = rules.config_refusal(
                self.core.user, before.product_owners, *changed, served=self.core.served
            )
            if refusal:
                raise GateRefusal(refusal)
            for stored_key in dict.fromkeys(stored_keys[key] for key in changed):
                planning.save_setting(self.db, stored_key, getattr(after, stored_key))
            updated = self.core.settings()
            old, new = dict(config_items(before)), dict(config_items(updated))
            self.core.log(
                *(self.core.event("config", None, key, old[key], new[key]) for key in changed)
            )
            if "definition_of_done" in changed:
                self.sprints.apply_definition_of_done(self.sprints.open_sprint_items())
            self.rederive_readiness(before, updated)
        return updated

    def rederive_readiness(self, before: Settings, after: Settings) -> None:
        """Items of a kind whose Definition of Ready changed are marked ready or not again
        (what lists show and filter by), in one read and one write."""
        kinds = [
            kind.value
            for kind in Kind
            if rules.ready_needs(kind, before.ready) != rules.ready_needs(kind, after.ready)
        ]
        found = item_rows.readiness_inputs(self.db, kinds)
        item_rows.save_missing(
            self.db,
            (
                (item_id, rules.missing_terms(rules.ready_needs(kind, after.ready), terms.get))
                for item_id, kind, terms in found
            ),
        )
