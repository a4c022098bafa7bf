"""Catalog completeness: every string in the source is translated to zh and bo, plurals
included; the compiled catalogs match their sources; Tibetan follows the glossary."""
import csv
import re
from pathlib import Path

import pytest
import wtforms
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from portal.translation_review import REVIEW_MARKER

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def _read_po(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def source_msgids() -> set:
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords={**DEFAULT_KEYWORDS, "_l": None}
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _as_list(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


def _problems(catalog, required) -> list[str]:
    by_id = {message.id: message for message in catalog if message.id}
    problems = []
    for msgid in sorted(required, key=str):
        message = by_id.get(msgid)
        if message is None:
            problems.append(f"missing: {msgid!r}")
            continue
        strings = _as_list(message.string)
        if message.fuzzy or not strings or not all(s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {msgid!r}")
            continue
        expected = sorted(PLACEHOLDER.findall(_as_list(msgid)[-1]))
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                problems.append(f"placeholders differ: {msgid!r} -> {text!r}")
    return problems


def test_source_has_strings_to_translate():
    assert len(source_msgids()) > 50


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_every_source_string_is_translated(lang):
    catalog = _read_po(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    assert _problems(catalog, source_msgids()) == []


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_plural_entries_have_every_form(lang):
    catalog = _read_po(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    plurals = [message for message in catalog if isinstance(message.id, tuple)]
    assert plurals, "the catalog should contain at least one plural message"
    assert catalog.num_plurals == 1
    for message in plurals:
        assert len(message.string) == catalog.num_plurals and all(message.string)


def test_tibetan_wtforms_messages_cover_wtforms():
    with open(Path(wtforms.i18n.messages_path()) / "wtforms.pot", "rb") as handle:
        template = read_po(handle)
    required = {message.id for message in template if message.id}
    catalog = _read_po(TRANSLATIONS / "bo" / "LC_MESSAGES" / "wtforms.po")
    assert _problems(catalog, required) == []


@pytest.mark.parametrize("path", sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po")), ids=lambda p: str(p.relative_to(TRANSLATIONS)))
def test_compiled_catalog_matches_its_source(path):
    def normalised(catalog):
        return {tuple(_as_list(m.id)): tuple(_as_list(m.string)) for m in catalog if m.id and not m.fuzzy}

    source = normalised(_read_po(path))
    with open(path.with_suffix(".mo"), "rb") as handle:
        compiled = normalised(read_mo(handle))
    assert compiled == source, f"run: pybabel compile -d translations -D {path.stem}"


def test_review_marker_is_used_only_in_tibetan():
    for path in TRANSLATIONS.glob("*/LC_MESSAGES/*.po"):
        if path.parts[-3] != "bo":
            assert not any(REVIEW_MARKER in m.user_comments for m in _read_po(path))


def test_tibetan_follows_the_glossary():
    with open(TRANSLATIONS / "glossary.csv", encoding="utf-8") as handle:
        terms = [row for row in csv.DictReader(handle) if row["zh"] and row["bo"]]
    zh = {m.id: _as_list(m.string) for m in _read_po(TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po") if m.id}
    bo = {m.id: _as_list(m.string) for m in _read_po(TRANSLATIONS / "bo" / "LC_MESSAGES" / "messages.po") if m.id}
    uses = [
        (term["zh"], term["bo"], msgid)
        for msgid, chinese in zh.items()
        for term in terms
        if any(term["zh"] in text for text in chinese)
    ]
    assert len(uses) > 20, "the glossary should cover the main terms of the interface"
    inconsistent = [(zh_term, bo_term, msgid) for zh_term, bo_term, msgid in uses
                    if not any(bo_term in text for text in bo.get(msgid, []))]
    assert inconsistent == []


def test_glossary_statuses_are_known():
    with open(TRANSLATIONS / "glossary.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["bo_status"] for row in rows} <= {"attested", "reviewed", "draft", "needed"}
    assert all(row["bo"] for row in rows if row["bo_status"] != "needed")
