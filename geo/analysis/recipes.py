"""Arrival-quarter recipes as data: one TOML file a recipe, checked when it is read.

A recipe names a method of finding the *Merkmale eines Ankunftsquartiers* (features of an
arrival quarter): its source and citation, the indicators it needs by role (each with the
kind it must be and the direction that points to arrival), the rule that turns them into
points or classes, and the words its result uses. Adding a recipe is adding a file to
``data/recipes/``; :func:`load_recipes` refuses a file with a German and English message
naming what is wrong (missing field, unknown direction, unknown kind, unknown rule).

A recipe is bound to a dataset (:func:`bind`) role by role: first through the indicator
mapping a signed-in editor sets once on the network page (``indicator_mapping.json``: a
mapped indicator whose label is one of the role's names), then by the dataset's indicator
ids and labels. A role without an indicator of the right kind stays missing: the recipe
then says which and does not run — no silent substitution, no zero.

>>> role = Role("fs", "Ausländeranteil", "Foreign share", "share", 1, ("foreign_share",))
>>> role.direction_word("de")
'hoch'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from geo.analysis.network import IndicatorMapping, MappedIndicator
from geo.domain.indicators import IndicatorSpec
from geo.domain.timeseries import series
from geo.i18n import MessageError, in_language, localized, tr

__all__ = [
    "ACCEPTS",
    "DIRECTIONS",
    "KINDS",
    "RULES",
    "Binding",
    "Recipe",
    "RecipeError",
    "Role",
    "bind",
    "load_recipe",
    "load_recipes",
    "map_role",
    "recipe_dir",
    "recipe_ids",
]

# "up": a high value is a feature of an arrival quarter; "down": a low value is (e.g. few aged 65+).
DIRECTIONS: Mapping[str, int] = {"up": 1, "down": -1}
KINDS = ("share", "rate", "change")
# recipe kind -> the dataset kinds (geo.domain.indicators.KINDS, and "change" for a change between
# two years, ``anteil@2021-2023``) that may fill it
# ("any" only for the user's own index, built in code from the ranking page's choice: not in KINDS)
# ("percent": a value in % or per thousand as a table gives it, without its counts)
ACCEPTS: Mapping[str, tuple[str, ...]] = {
    "share": ("share", "percent"), "rate": ("share", "percent", "value"), "change": ("change",),
    "any": ("count", "share", "percent", "value", "change"),
}
# rule -> (parameters it needs, role fields it needs)
RULES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "quintile_points": (("threshold",), ()),
    "threshold": ((), ("factor",)),
    "weighted_index": (("cutoff",), ("weight",)),
    "status_dynamics": (("flag_status",), ("part", "weight")),
}
_TOP = ("name_de", "name_en", "source", "citation", "rule", "words", "roles")
_WORDS = ("flagged_de", "flagged_en", "score_de", "score_en")
_ROLE = ("key", "label_de", "label_en", "kind", "direction", "names")
_CHANGE = re.compile(r"@\d{4}-\d{4}$")
_CHANGE_WORDS = re.compile(r"veränderung|saldo|Δ|change", re.IGNORECASE)
_DATA = Path(__file__).resolve().parent.parent.parent / "data" / "recipes"


class RecipeError(MessageError):
    """A recipe file or a recipe run cannot be used; message in German and English."""


@dataclass(frozen=True)
class Role:
    """One indicator a recipe needs: what it means, its kind, its direction and the names it goes by."""

    key: str
    label_de: str
    label_en: str
    kind: str
    direction: int  # +1: high points to arrival, -1: low does
    names: tuple[str, ...]  # indicator ids, labels or mapped-indicator labels that fill the role
    weight: float = 1.0
    factor: float = 1.0  # threshold rule: value ≥ factor × city value
    part: str = "status"  # status-dynamics rule: "status" or "dynamics"

    def label(self, lang: str = "de") -> str:
        return in_language(self, "label", lang)

    def direction_word(self, lang: str = "de") -> str:
        return tr("rcp_direction_high" if self.direction > 0 else "rcp_direction_low", lang)


@dataclass(frozen=True)
class Recipe:
    id: str
    name_de: str
    name_en: str
    source: str  # short, e.g. "Kurtenbach (2015)"; German (the app's own words) or as published
    citation: str
    rule: str
    roles: tuple[Role, ...]
    words: Mapping[str, str]  # flagged_de/_en (what a flagged area has), score_de/_en (points, classes …)
    params: Mapping[str, object] = field(default_factory=dict)
    note_de: str = ""
    note_en: str = ""
    user_weights: bool = False  # the weights are the user's own (ranking page / --weight)
    source_en: str = ""  # the app's own source words in English; empty: a published title, the same in both
    citation_en: str = ""

    def source_text(self, lang: str = "de") -> str:
        return localized(self.source, self.source_en, lang)

    def citation_text(self, lang: str = "de") -> str:
        return localized(self.citation, self.citation_en, lang)

    def name(self, lang: str = "de") -> str:
        return in_language(self, "name", lang)

    def word(self, what: str, lang: str = "de") -> str:
        return localized(str(self.words[f"{what}_de"]), str(self.words.get(f"{what}_en", "")), lang)

    def note(self, lang: str = "de") -> str:
        return in_language(self, "note", lang)

    def with_roles(self, roles: Sequence[Role]) -> Recipe:
        """The recipe with other roles (the user's own index: the ranking page's weights)."""
        return replace(self, roles=tuple(roles))


def _refuse(where: str, de: str, en: str) -> RecipeError:
    return RecipeError(f"Rezept {where}: {de} / Recipe {where}: {en}")


def _need(document: Mapping, fields: Sequence[str], where: str) -> None:
    missing = [f for f in fields if f not in document or document[f] in ("", None)]
    if missing:
        raise _refuse(where, f"Pflichtfeld fehlt: {', '.join(missing)}.", f"missing field: {', '.join(missing)}.")


def _number(value: object, name: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse(where, f"„{name}“ muss eine Zahl sein, nicht {value!r}.", f"'{name}' must be a number.")
    return float(value)


def _role(raw: object, rule: str, where: str) -> Role:
    if not isinstance(raw, Mapping):
        raise _refuse(where, "jede Rolle ist eine Tabelle [[roles]].", "every role is a table [[roles]].")
    _need(raw, [*_ROLE, *RULES[rule][1]], f"{where}, Rolle/role {raw.get('key', '?')}")
    at = f"{where}, Rolle/role {raw['key']}"
    if raw["kind"] not in KINDS:
        raise _refuse(at, f"unbekannte Art „{raw['kind']}“ (möglich: {', '.join(KINDS)}).",
                      f"unknown kind '{raw['kind']}' (valid: {', '.join(KINDS)}).")
    if raw["direction"] not in DIRECTIONS:
        raise _refuse(at, f"unbekannte Richtung „{raw['direction']}“ (möglich: {', '.join(DIRECTIONS)}).",
                      f"unknown direction '{raw['direction']}' (valid: {', '.join(DIRECTIONS)}).")
    names = raw["names"]
    if isinstance(names, str) or not isinstance(names, Sequence) or not all(isinstance(n, str) for n in names):
        raise _refuse(at, "„names“ muss eine Liste von Texten sein.", "'names' must be a list of texts.")
    part = str(raw.get("part", "status"))
    if part not in ("status", "dynamics"):
        raise _refuse(at, f"unbekannter Teil „{part}“ (status, dynamics).", f"unknown part '{part}'.")
    return Role(
        key=str(raw["key"]), label_de=str(raw["label_de"]), label_en=str(raw["label_en"]), kind=raw["kind"],
        direction=DIRECTIONS[raw["direction"]], names=tuple(names),
        weight=_number(raw.get("weight", 1.0), "weight", at), factor=_number(raw.get("factor", 1.0), "factor", at),
        part=part,
    )


def parse_recipe(document: Mapping, recipe_id: str) -> Recipe:
    """A recipe from a parsed TOML document; :class:`RecipeError` naming what is wrong."""
    where = f"„{recipe_id}“"
    _need(document, _TOP, where)
    rule = document["rule"]
    if rule not in RULES:
        raise _refuse(where, f"unbekannte Regel „{rule}“ (möglich: {', '.join(RULES)}).",
                      f"unknown rule '{rule}' (valid: {', '.join(RULES)}).")
    words = document["words"]
    if not isinstance(words, Mapping):
        raise _refuse(where, "„words“ muss eine Tabelle sein.", "'words' must be a table.")
    _need(words, _WORDS, f"{where} [words]")
    params = dict(document.get("params", {}))
    _need(params, RULES[rule][0], f"{where} [params]")
    roles = document["roles"]
    if not isinstance(roles, list) or not roles:
        raise _refuse(where, "mindestens eine Rolle [[roles]] nötig.", "at least one role [[roles]] needed.")
    parsed = tuple(_role(r, rule, where) for r in roles)
    keys = [r.key for r in parsed]
    if len(set(keys)) != len(keys):
        raise _refuse(where, "Rollennamen (key) doppelt.", "role keys repeat.")
    return Recipe(
        id=recipe_id, name_de=str(document["name_de"]), name_en=str(document["name_en"]),
        source=str(document["source"]), citation=str(document["citation"]), rule=rule, roles=parsed,
        words={k: str(words[k]) for k in _WORDS}, params=params, note_de=str(document.get("note_de", "")),
        note_en=str(document.get("note_en", "")), user_weights=bool(document.get("user_weights", False)),
        source_en=str(document.get("source_en", "")), citation_en=str(document.get("citation_en", "")),
    )


def load_recipe(path: str | Path) -> Recipe:
    """One recipe file (its id is the file name without ``.toml``)."""
    path = Path(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _refuse(f"„{path.stem}“", f"kein gültiges TOML ({exc}).", "not valid TOML.") from None
    return parse_recipe(document, path.stem)


def recipe_dir() -> Path:
    return _DATA


def recipe_ids(folder: str | Path | None = None) -> list[str]:
    """The ids of the recipe files, sorted (cheap: names only)."""
    return sorted(p.stem for p in Path(folder or _DATA).glob("*.toml"))


def load_recipes(folder: str | Path | None = None) -> dict[str, Recipe]:
    """Every recipe of the folder by id; the first bad file raises :class:`RecipeError`."""
    return {p.stem: load_recipe(p) for p in sorted(Path(folder or _DATA).glob("*.toml"))}


# ---------------------------------------------------------------- binding a recipe to a dataset


@dataclass(frozen=True)
class Binding:
    """Which indicator of the dataset fills each role, and how it was found."""

    recipe: Recipe
    indicators: Mapping[str, str]  # role key -> indicator id
    how: Mapping[str, str]  # role key -> "mapping" or "name"
    missing: tuple[str, ...]  # role keys without an indicator
    wrong_kind: Mapping[str, str] = field(default_factory=dict)  # role key -> indicator found, but of another kind

    @property
    def ok(self) -> bool:
        return not self.missing

    def missing_text(self, lang: str = "de") -> str:
        roles = {r.key: r for r in self.recipe.roles}
        parts = []
        for key in self.missing:
            text = roles[key].label(lang)
            if key in self.wrong_kind:
                kind = roles[key].kind
                text += tr("rcp_wrong_kind", lang, name=self.wrong_kind[key], kind=kind)
            parts.append(text)
        return ", ".join(parts)


def dataset_kind(spec: IndicatorSpec) -> str:
    """The dataset's kind in the recipes' terms: a change between two years (``…@2021-2023``, or a value
    named "Veränderung …", "… Saldo", "Δ …"), a share, a percent value, a count or another value."""
    if _CHANGE.search(spec.id) or (spec.kind == "value" and _CHANGE_WORDS.search(f"{spec.label_de} {spec.label_en}")):
        return "change"
    if spec.kind == "value" and (spec.unit_de.strip() in ("%", "‰") or spec.unit_de.startswith("je ")):
        return "percent"
    return spec.kind


def _newest(specs: Mapping[str, IndicatorSpec], wanted: str) -> str | None:
    if wanted in specs:
        return wanted
    years = series(specs).get(wanted)
    return f"{wanted}@{max(years)}" if years else None


def _by_name(role: Role, specs: Mapping[str, IndicatorSpec]) -> str | None:
    for name in role.names:
        found = _newest(specs, name)
        if found:
            return found
        folded = name.casefold()
        labelled = [i for i, s in specs.items() if folded in (s.label_de.casefold(), s.label_en.casefold())]
        if labelled:
            return labelled[-1]
    return None


def _by_mapping(role: Role, dataset_id: str, specs: Mapping[str, IndicatorSpec], mapping: IndicatorMapping) -> str | None:
    names = {n.casefold() for n in (*role.names, role.key, role.label_de, role.label_en)}
    for group in mapping.groups:
        if group.label.casefold() in names and dataset_id in group.members:
            return _newest(specs, group.members[dataset_id])
    return None


def bind(recipe: Recipe, dataset_id: str, specs: Mapping[str, IndicatorSpec], mapping: IndicatorMapping | None = None) -> Binding:
    """Fill the recipe's roles with the dataset's indicators: the editor's mapping first, then by name."""
    mapping = mapping or IndicatorMapping()
    indicators, how, missing, wrong = {}, {}, [], {}
    for role in recipe.roles:
        found, via = _by_mapping(role, dataset_id, specs, mapping), "mapping"
        if found is None:
            found, via = _by_name(role, specs), "name"
        if found is not None and dataset_kind(specs[found]) not in ACCEPTS[role.kind]:
            wrong[role.key] = found
            found = None
        if found is None:
            missing.append(role.key)
            continue
        indicators[role.key], how[role.key] = found, via
    return Binding(recipe, indicators, how, tuple(missing), wrong)


def map_role(mapping: IndicatorMapping, role: Role, dataset_id: str, indicator: str) -> IndicatorMapping:
    """The mapping with ``indicator`` of ``dataset_id`` filling ``role``: added to the mapped indicator whose
    label is one of the role's names (so other cities' entries stay), else a new one labelled with the role's
    German label. The same file the network page reads, so the city comparison uses it too."""
    names = {n.casefold() for n in (*role.names, role.key, role.label_de, role.label_en)}
    groups = list(mapping.groups)
    for i, group in enumerate(groups):
        if group.label.casefold() in names:
            groups[i] = MappedIndicator(group.label, {**group.members, dataset_id: indicator})
            return IndicatorMapping(tuple(groups))
    return IndicatorMapping((*groups, MappedIndicator(role.label_de, {dataset_id: indicator})))
