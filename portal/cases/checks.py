"""Warnings for editors before a typical case is published.

These are warnings, not errors: an editor reads them and decides. Nothing here refuses a
case. Two checks:

`check_anonymisation(fields)` looks for text that identifies an individual (typical cases name
institutions, never people: "参保人曾某某"). Over each field (zh and bo texts alike) it warns on:

- resident ID numbers: 18 characters (17 digits and a digit or X) whose first two digits are a
  province code and whose digits 7-14 are a real birth date. When the check digit is right
  (`stdnum.cn.ric.calc_check_digit`) it is an ID number; when it is wrong it is still warned
  on, as an unverified ID number, because a mistyped ID number still points at one person and
  a random 18-digit number rarely has a province code and a birth date in those places. The
  area code is not looked up (`stdnum.cn.ric.validate` would): counties are renamed and
  recoded, and a number with a retired code still identifies its holder. 15-digit numbers
  with a province code and a 19YYMMDD birth date are first-generation ID numbers (no check
  digit).
- bank card numbers: 16 to 19 digits passing the Luhn check (`stdnum.luhn`). An 18-digit
  number with a correct ID check digit is reported as an ID number only.
- mobile phone numbers: `phonenumbers.PhoneNumberMatcher` with region CN, kept when the number
  is a mobile one. Landlines are not warned on: institutions publish theirs.
- full personal names, by the heuristic below.

Digits are read in any script (full-width ０-９, Tibetan ༠-༩) by mapping each to its ASCII
digit one for one, so the reported spans are positions in the original text. Digit groups
separated by single spaces or hyphens ("6222 0212 3456 7890") are read as one number. Digits
glued to Latin letters are part of a code (credit codes, drug trace codes) and are not read.
Masked numbers ("110101********1234", "138****5678") are not numbers and are not warned on.

The name heuristic. A Chinese name is a surname and one or two given-name characters, and any
two Han characters can be a given name, so names cannot be told from words by their characters
alone. A name is therefore only looked for next to a cue that a person is meant:

- after a person cue (参保人, 患者, 医生, 院长, 法定代表人, 负责人, 店长, 职工, 村医, 护士, 会计,
  员工, 人员, 冒用 ... see `PERSON_CUES_BEFORE`), optionally after "：" or a space, and then
  for each further name joined by 、 和 及 与 ("参保人王某某、李四和张三");
- before a cue (等人, 等3人, 冒用, 持卡, 同志, 医生, 院长, 的医保卡 ... see
  `PERSON_CUES_AFTER`).

A surname is one of `SURNAMES` (the common single surnames and the compound ones such as
欧阳, 司马), compound ones tried first. It is anonymised, and not warned on, when 某 follows
the surname (曾某, 曾某某, 曾某甲) or 先生/女士, or any non-Han mark (曾X, 曾**). Given-name
characters are Han characters not in `NOT_GIVEN_NAME` (particles and verbs that follow a name
in case text: 等, 在, 于, 冒, 持, 因...): a second character is only taken when it is not one
of them, and a first character that is one of them means no name ("患者曾在本院" is not a
name). Words that begin with a surname character and are common after a cue (高血压, 康复,
管理, 包括, 范围, 申请 ...) are in `NOT_NAMES` and are skipped. Where cues overlap, the
longest cue at a position counts and no name starts inside a cue word (护士长孙丽 is 护士长 +
孙丽, not 护士 + 长孙丽).

Limits of the heuristic: a name with no cue next to it is missed ("王小明于2023年..." or a
name in a sentence of its own); a surname missing from `SURNAMES` is missed; a name written in
Tibetan, pinyin or Latin letters is missed; a three-character given name is cut to two; the
reported span may be one character too long when the character after a one-character given
name is not in `NOT_GIVEN_NAME` ("患者王明入院" gives 王明入) or start one character early
before a following cue ("向张三冒用" gives 向张三); and a word after a cue that starts with a
surname character and is not in `NOT_NAMES` is a false positive. The editor reads every warning.

`check_penalties(basis, outcomes, amount_involved)` compares the outcomes with the ranges of the
Regulation's article (State Council Decree 735, domain/rules.md): Art.38 fine 1-2 times the
loss, suspension 6-12 months; Art.39 fine 10,000-50,000 yuan; Art.40 fine 2-5 times the fraud
amount, suspension 6-12 months (the agreement may be terminated); Art.41 (individuals)
settlement suspended 3-12 months, fraud fine 2-5 times. A multiple is the stated one or else
the fine amount divided by the amount involved, in Decimal arithmetic, allowing
`ROUNDING_TOLERANCE` (1 yuan) for fines rounded to the yuan. A fine amount that contradicts a
stated multiple, and measures the article does not provide (a multiple or a suspension under
Art.39, agreement measures against an individual under Art.41) are warned on as well.
"""
from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric

from portal.text import N_, Message


class WarningKind(enum.StrEnum):
    RESIDENT_ID = "resident_id"
    RESIDENT_ID_UNVERIFIED = "resident_id_unverified"  # ID-shaped, the check digit is wrong
    BANK_CARD = "bank_card"
    MOBILE_PHONE = "mobile_phone"
    PERSON_NAME = "person_name"
    FINE_MULTIPLE_OUT_OF_RANGE = "fine_multiple_out_of_range"
    FINE_AMOUNT_OUT_OF_RANGE = "fine_amount_out_of_range"
    FINE_INCONSISTENT = "fine_inconsistent"  # the fine amount is not the stated multiple
    SUSPENSION_OUT_OF_RANGE = "suspension_out_of_range"
    MEASURE_NOT_PROVIDED = "measure_not_provided"  # the article has no such measure


@dataclass(frozen=True)
class CheckWarning:
    """A warning on one field. For text checks `span` is the (start, end) of `matched` in the
    field's text; the matched text is kept out of the message parameters, so that personal
    data does not travel with messages into logs. For penalty checks `field` names the
    `Outcomes` field and `span`/`matched` are None."""

    kind: WarningKind
    field: str
    message: Message
    span: tuple[int, int] | None = None
    matched: str | None = None


# --------------------------------------------------------------------------------------------
# Anonymisation

# First two digits of a resident ID number (GB/T 2260 provinces; 71 Taiwan, 81-82 HK/Macao).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
        "65", "71", "81", "82", "83",
        # Foreigners' permanent residence ID cards since 2023: 9, then the province's first digit.
        "91", "92", "93", "94", "95", "96",
    }
)

# The common single surnames (about the 130 most frequent), then compound surnames.
SURNAMES_SINGLE = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程"
    "魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫阎段雷龙黎史陶贺毛"
    "郝顾龚邵万覃武钱戴严欧莫孔向常汤康易乔赖文施洪辛柴牛祝樊殷庞葛卓左安齐温包鲁关申聂季单管"
    "符柯梅盛倪耿郁章甘凌岳胥涂蓝萧"
)
SURNAMES_COMPOUND = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟",
    "闻人", "澹台", "公羊", "赫连", "申屠", "第五", "拓跋", "钟离", "仲孙", "太史", "濮阳",
)
SURNAMES = frozenset(SURNAMES_SINGLE) | frozenset(SURNAMES_COMPOUND)

# Words after which a person's name is expected.
PERSON_CUES_BEFORE = (
    "参保人员", "参保人", "参保群众", "患者", "病人", "就诊人", "医生", "医师", "药师", "护士长",
    "护士", "院长", "法定代表人", "法人代表", "负责人", "实际控制人", "实际经营人", "经营者",
    "药店店长", "店长", "股东", "职工", "员工", "工作人员", "人员", "村医", "会计", "出纳",
    "收费员", "主任", "当事人", "犯罪嫌疑人", "冒用", "冒名", "其妻", "其丈夫", "其子", "其女",
    "其父", "其母", "亲属", "家属",
)
# Words before which a person's name is expected (等人 and 等N人 are matched by a pattern).
PERSON_CUES_AFTER = (
    "冒用", "冒名", "持卡", "持本人", "持其", "持他人", "同志", "医生", "院长",
    "的医保卡", "的社保卡", "的医保凭证", "的医保电子凭证", "的身份证",
)
_GROUP_CUE = re.compile(r"等[0-9一二两三四五六七八九十]*人")
# Joins a list of names after one cue.
_NAME_JOINERS = "、和及与"
# Marks that a name is anonymised when they follow the surname.
_ANONYMISED_AFTER_SURNAME = ("某", "先生", "女士")

# Characters that follow a name in case text and are (almost) never given-name characters.
NOT_GIVEN_NAME = frozenset(
    "某等在于的地得和与及或将被为是因系冒持使以向从对把让给自经先后共还也都均违涉未已所私擅虚伪"
    "借骗套串收提用购住就到去来称说承供交了着过之其个副并且即又再不没无非应须要能会可医参通"
)
# Common words that begin with a surname character and follow person cues in case text.
NOT_NAMES = (
    "高血压", "高血糖", "高血脂", "高龄", "高额", "高值", "高于", "高达", "高度", "高频", "高危",
    "高价", "高端", "金额", "方面", "方式", "方法", "方案", "方可", "周期", "周边", "常规", "常用",
    "常务", "常住", "任何", "任意", "任务", "任职", "程序", "程度", "万元", "万余", "余额", "余下",
    "孙子", "孙女", "马上", "许可", "许多", "何时", "石膏", "白内障", "白细胞", "康复", "关于",
    "关联", "关系", "包括", "包含", "包装", "包村", "严重", "严格", "施行", "施救", "付费", "付款",
    "季度", "单位", "单据", "单次", "单价", "齐全", "管理", "管床", "管控", "申请", "申报", "申领",
    "符合", "温度", "安排", "安全", "文件", "文书", "易于", "董事", "陆续", "黄金", "范围", "田间",
    "龙头", "毛利", "叶酸", "夏季", "汤剂", "金属", "左侧", "左右", "雷同", "杜绝", "陈述", "罗列",
    "谢绝", "史上", "段落", "章程", "盛行", "岳父", "岳母", "柴胡", "甘草", "牛黄", "梅毒",
)


@dataclass(frozen=True)
class _Found:
    kind: WarningKind
    start: int
    end: int


_ID_MESSAGES: Mapping[WarningKind, str] = MappingProxyType(
    {
        WarningKind.RESIDENT_ID: N_(
            "This looks like a resident ID number. Published cases must not identify individuals."
        ),
        WarningKind.RESIDENT_ID_UNVERIFIED: N_(
            "This looks like a resident ID number with a wrong check digit. A mistyped ID number "
            "can still identify a person."
        ),
        WarningKind.BANK_CARD: N_(
            "This looks like a bank card number. Published cases must not identify individuals."
        ),
        WarningKind.MOBILE_PHONE: N_(
            "This looks like a mobile phone number. Published cases must not identify individuals."
        ),
        WarningKind.PERSON_NAME: N_(
            "This looks like a person's full name. Anonymise it, for example as 曾某某."
        ),
    }
)

# A run of digits, possibly grouped by single spaces or hyphens, possibly ending in X (an ID
# check digit), not inside a longer run of letters or digits (a masked number is not a run).
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z*])[0-9](?:[ \-]?[0-9])*(?:[Xx])?(?![0-9A-Za-z*])")


def _ascii_digits(text: str) -> str:
    """`text` with every decimal digit in ASCII and full-width X as X, character for character
    (so positions do not move)."""
    out = []
    for char in text:
        value = unicodedata.decimal(char, None) if not char.isascii() else None
        if value is not None:
            out.append(str(value))
        elif char in "Ｘｘ":
            out.append("X")
        else:
            out.append(char)
    return "".join(out)


def _birth_date_ok(digits: str) -> bool:
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2099


def _classify_number(compact: str) -> WarningKind | None:
    if len(compact) == 18 and compact[:17].isdigit():
        id_shaped = compact[:2] in PROVINCE_CODES and _birth_date_ok(compact[6:14])
        if id_shaped and ric.calc_check_digit(compact.upper()) == compact[17].upper():
            return WarningKind.RESIDENT_ID
        if compact.isdigit() and luhn.is_valid(compact) and len(set(compact)) > 1:
            return WarningKind.BANK_CARD
        return WarningKind.RESIDENT_ID_UNVERIFIED if id_shaped else None
    if not compact.isdigit():
        return None
    if len(compact) == 15 and compact[:2] in PROVINCE_CODES and _birth_date_ok("19" + compact[6:12]):
        return WarningKind.RESIDENT_ID
    # A run of one repeated digit (0000 0000 0000 0000) is a placeholder, not a card.
    if 16 <= len(compact) <= 19 and luhn.is_valid(compact) and len(set(compact)) > 1:
        return WarningKind.BANK_CARD
    return None


def _find_numbers(text: str) -> list[_Found]:
    found = []
    for match in _DIGIT_RUN.finditer(text):
        kind = _classify_number(re.sub(r"[ \-]", "", match.group()))
        if kind is not None:
            found.append(_Found(kind, match.start(), match.end()))
    return found


_MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def _find_mobiles(text: str, taken: list[_Found]) -> list[_Found]:
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "CN"):
        kind = phonenumbers.number_type(match.number)
        if kind not in _MOBILE_TYPES:
            continue
        if any(match.start < other.end and other.start < match.end for other in taken):
            continue
        found.append(_Found(WarningKind.MOBILE_PHONE, match.start, match.end))
    return found


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def _surname_at(text: str, i: int) -> int:
    """Length of the surname starting at `i` (compound first), or 0."""
    if text[i:i + 2] in SURNAMES:
        return 2
    if i < len(text) and text[i] in SURNAMES:
        return 1
    return 0


def _name_at(text: str, i: int) -> tuple[int, bool] | None:
    """A name starting at `i`: (end, anonymised), or None when none starts there."""
    size = _surname_at(text, i)
    if not size or text.startswith(NOT_NAMES, i):
        return None
    k = i + size
    for marker in _ANONYMISED_AFTER_SURNAME:
        if text.startswith(marker, k):
            end = k + len(marker)
            while text.startswith("某", end):
                end += 1
            if end < len(text) and _is_han(text[end]) and text[end] not in NOT_GIVEN_NAME:
                end += 1  # 曾某甲
            return end, True
    if k < len(text) and not _is_han(text[k]) and text[k] not in "，。；：、,.;:!?！？（）() \n\t":
        return k + 1, True  # 曾X, 曾*, 曾×
    if k >= len(text) or not _is_han(text[k]) or text[k] in NOT_GIVEN_NAME:
        return None
    end = k + 1
    if end < len(text) and _is_han(text[end]) and text[end] not in NOT_GIVEN_NAME:
        end += 1
    return end, False


def _cues(text: str) -> list[tuple[int, int]]:
    """(start, end) of the person cues before a name; at each start only the longest cue
    counts (护士长孙丽 is 护士长 + 孙丽, not 护士 + 长孙丽)."""
    spans = []
    for start in range(len(text)):
        lengths = [len(cue) for cue in PERSON_CUES_BEFORE if text.startswith(cue, start)]
        if lengths:
            spans.append((start, start + max(lengths)))
    return spans


def _names_after_cues(text: str, cues: list[tuple[int, int]]) -> list[_Found]:
    found = []
    for _, i in cues:
        if i < len(text) and text[i] in "：: \u3000":
            i += 1
        while (name := _name_at(text, i)) is not None:
            end, anonymised = name
            if not anonymised:
                found.append(_Found(WarningKind.PERSON_NAME, i, end))
            if end < len(text) and text[end] in _NAME_JOINERS:
                i = end + 1
            else:
                break
    return found


def _followed_by_cue(text: str, i: int) -> bool:
    return text.startswith(PERSON_CUES_AFTER, i) or _GROUP_CUE.match(text, i) is not None


def _names_before_cues(text: str, cues: list[tuple[int, int]]) -> list[_Found]:
    # A name does not start inside a cue word (护士长孙丽等人: 长孙 is not the surname here).
    inside_cue = {i for start, end in cues for i in range(start + 1, end)}
    found = []
    for i in range(len(text)):
        if i in inside_cue:
            continue
        size = _surname_at(text, i)
        if not size or text.startswith(NOT_NAMES, i):
            continue
        k = i + size
        if text.startswith(_ANONYMISED_AFTER_SURNAME, k):
            continue
        for given in (2, 1):
            chars = text[k:k + given]
            if len(chars) != given or not all(_is_han(c) and c not in NOT_GIVEN_NAME for c in chars):
                continue
            if _followed_by_cue(text, k + given):
                found.append(_Found(WarningKind.PERSON_NAME, i, k + given))
                break
    return found


def _dedupe(found: list[_Found]) -> list[_Found]:
    """One warning per place: a span contained in another span already kept is dropped."""
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (f.start, -f.end)):
        if any(other.start <= item.start and item.end <= other.end for other in kept):
            continue
        kept.append(item)
    return kept


def check_text(field_name: str, text: str) -> list[CheckWarning]:
    """Anonymisation warnings for one field's text, in text order."""
    if not text:
        return []
    normal = _ascii_digits(text)
    numbers = _find_numbers(normal)
    cues = _cues(normal)
    found = (
        numbers
        + _find_mobiles(normal, numbers)
        + _names_after_cues(normal, cues)
        + _names_before_cues(normal, cues)
    )
    return [
        CheckWarning(
            kind=item.kind,
            field=field_name,
            message=Message(_ID_MESSAGES[item.kind]),
            span=(item.start, item.end),
            matched=text[item.start:item.end],
        )
        for item in _dedupe(found)
    ]


def check_anonymisation(texts: Mapping[str, str | None]) -> list[CheckWarning]:
    """Anonymisation warnings over field name -> text (e.g. "summary_zh", "summary_bo"), in the
    order of the fields, then of the text. Empty or None fields are skipped."""
    warnings: list[CheckWarning] = []
    for field_name, text in texts.items():
        warnings.extend(check_text(field_name, text or ""))
    return warnings


# --------------------------------------------------------------------------------------------
# Penalty ranges


class LegalBasis(enum.StrEnum):
    """Articles of the Regulation on the Supervision and Administration of the Use of Medical
    Security Funds (State Council Decree 735) under which cases are handled."""

    ART_38 = "art38"  # institutions: violations causing a fund loss
    ART_39 = "art39"  # institutions: management duties (incl. not publishing costs, Art.16)
    ART_40 = "art40"  # institutions: fraud
    ART_41 = "art41"  # individuals

    @property
    def article(self) -> int:
        return int(self.value.removeprefix("art"))


@dataclass(frozen=True)
class PenaltyRange:
    """What an article allows. None: the article has no such measure."""

    fine_multiple: tuple[Decimal, Decimal] | None = None  # times the amount involved
    fine_amount: tuple[Decimal, Decimal] | None = None  # yuan
    suspension_months: tuple[int, int] | None = None
    agreement_measures: bool = True  # False: the article concerns individuals (no service agreement)


# domain/rules.md, "sourced". The suspension is of the responsible department's fund-related
# services (Arts.38 and 40) or of the individual's direct settlement (Art.41).
PENALTY_RANGES: Mapping[LegalBasis, PenaltyRange] = MappingProxyType(
    {
        LegalBasis.ART_38: PenaltyRange(fine_multiple=(Decimal(1), Decimal(2)), suspension_months=(6, 12)),
        LegalBasis.ART_39: PenaltyRange(fine_amount=(Decimal(10_000), Decimal(50_000))),
        LegalBasis.ART_40: PenaltyRange(fine_multiple=(Decimal(2), Decimal(5)), suspension_months=(6, 12)),
        LegalBasis.ART_41: PenaltyRange(
            fine_multiple=(Decimal(2), Decimal(5)), suspension_months=(3, 12), agreement_measures=False
        ),
    }
)

# A fine is often rounded to the yuan; a derived multiple is allowed this much slack in yuan
# at each end of the range, and a stated multiple this much difference from the fine.
ROUNDING_TOLERANCE = Decimal("1.00")


@dataclass(frozen=True)
class Outcomes:
    """The outcomes of a case as entered by an editor. None: not stated. Money in yuan as
    Decimal (floats are refused: 0.1 + 0.2 is not 0.3)."""

    returned_amount: Decimal | None = None
    fine_amount: Decimal | None = None
    fine_multiple: Decimal | None = None
    suspension_months: int | None = None
    agreement_suspension_days: int | None = None
    agreement_terminated: bool | None = None
    rectification_ordered: bool | None = None
    interview_held: bool | None = None
    referred_to_police: bool | None = None
    notified_health_commission: bool | None = None

    def __post_init__(self) -> None:
        for name in ("returned_amount", "fine_amount", "fine_multiple"):
            value = getattr(self, name)
            if value is None:
                continue
            if not isinstance(value, Decimal) or not value.is_finite():
                raise TypeError(f"Outcomes.{name} must be a finite Decimal")
            if value < 0:
                raise ValueError(f"Outcomes.{name} is negative")
        for name in ("suspension_months", "agreement_suspension_days"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"Outcomes.{name} must be an integer")
            if value < 0:
                raise ValueError(f"Outcomes.{name} is negative")
        for name in _OUTCOME_FLAGS:
            if getattr(self, name) not in (None, True, False):
                raise TypeError(f"Outcomes.{name} must be a bool or None")


_OUTCOME_FLAGS = (
    "agreement_terminated", "rectification_ordered", "interview_held", "referred_to_police",
    "notified_health_commission",
)


def _plain(value: Decimal) -> str:
    """A Decimal as plain digits without exponent or trailing zeros (2, 1.5, 10000)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_penalties(
    basis: LegalBasis, outcomes: Outcomes, amount_involved: Decimal | None = None
) -> list[CheckWarning]:
    """Warnings where `outcomes` fall outside what article `basis` provides. `amount_involved`
    is the loss (Art.38) or the amount obtained by fraud (Arts.40, 41), in yuan; with it a fine
    amount is checked as a multiple when no multiple is stated."""
    if amount_involved is not None and (
        not isinstance(amount_involved, Decimal) or not amount_involved.is_finite() or amount_involved < 0
    ):
        raise TypeError("amount_involved must be a finite, non-negative Decimal")
    rule = PENALTY_RANGES[LegalBasis(basis)]
    article = str(LegalBasis(basis).article)
    warnings: list[CheckWarning] = []

    def warn(kind: WarningKind, field_name: str, msgid: str, **params) -> None:
        warnings.append(CheckWarning(kind, field_name, Message(msgid, {"article": article, **params})))

    multiple, fine = outcomes.fine_multiple, outcomes.fine_amount
    if rule.fine_multiple is not None:
        low, high = rule.fine_multiple
        if multiple is not None and not low <= multiple <= high:
            warn(
                WarningKind.FINE_MULTIPLE_OUT_OF_RANGE,
                "fine_multiple",
                N_("Article %(article)s sets a fine of %(low)s to %(high)s times the amount "
                   "involved; this case states %(value)s times."),
                low=_plain(low), high=_plain(high), value=_plain(multiple),
            )
        if fine is not None and amount_involved:
            if multiple is None:
                lowest = amount_involved * low - ROUNDING_TOLERANCE
                highest = amount_involved * high + ROUNDING_TOLERANCE
                if not lowest <= fine <= highest:
                    derived = (fine / amount_involved).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                    warn(
                        WarningKind.FINE_MULTIPLE_OUT_OF_RANGE,
                        "fine_amount",
                        N_("Article %(article)s sets a fine of %(low)s to %(high)s times the amount "
                           "involved; this fine is %(value)s times the amount involved."),
                        low=_plain(low), high=_plain(high), value=_plain(derived),
                    )
            elif abs(fine - amount_involved * multiple) > ROUNDING_TOLERANCE:
                warn(
                    WarningKind.FINE_INCONSISTENT,
                    "fine_amount",
                    N_("The fine amount is not %(value)s times the amount involved, as the fine "
                       "multiple says (expected %(expected)s yuan)."),
                    value=_plain(multiple),
                    expected=_plain((amount_involved * multiple).quantize(Decimal("0.01"))),
                )
    elif multiple is not None:
        warn(
            WarningKind.MEASURE_NOT_PROVIDED,
            "fine_multiple",
            N_("Article %(article)s sets a fine in yuan, not a multiple of the amount involved."),
        )
    if rule.fine_amount is not None and fine is not None:
        low, high = rule.fine_amount
        if not low <= fine <= high:
            warn(
                WarningKind.FINE_AMOUNT_OUT_OF_RANGE,
                "fine_amount",
                N_("Article %(article)s sets a fine of %(low)s to %(high)s yuan; this case states "
                   "%(value)s yuan."),
                low=_plain(low), high=_plain(high), value=_plain(fine),
            )

    months = outcomes.suspension_months
    if months is not None:
        if rule.suspension_months is None:
            warn(
                WarningKind.MEASURE_NOT_PROVIDED,
                "suspension_months",
                N_("Article %(article)s provides no suspension."),
            )
        elif not rule.suspension_months[0] <= months <= rule.suspension_months[1]:
            warn(
                WarningKind.SUSPENSION_OUT_OF_RANGE,
                "suspension_months",
                N_("Article %(article)s sets a suspension of %(low)s to %(high)s months; this "
                   "case states %(value)s months."),
                low=str(rule.suspension_months[0]), high=str(rule.suspension_months[1]), value=str(months),
            )

    if not rule.agreement_measures:
        for name in ("agreement_suspension_days", "agreement_terminated"):
            if getattr(outcomes, name) not in (None, False):
                warn(
                    WarningKind.MEASURE_NOT_PROVIDED,
                    name,
                    N_("Article %(article)s concerns individuals; service agreement measures apply "
                       "to institutions."),
                )
    return warnings
