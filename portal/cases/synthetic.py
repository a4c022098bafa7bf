"""Synthetic typical cases (典型案例) for the demo: deterministic and fictional.

Every institution is invented and says so in its name (示例 / Sample / དཔེ་གཞི); people are
anonymised as published cases do (参保人曾某某, 负责人王某); decision numbers follow the usual
pattern but belong to no real decision. The cases cover every violation category, institution
type, clue source, legal basis, handling and execution status, all demo regions and the years
2021-2026, and stay within the penalty ranges of the {regulation} (State Council Decree 735), so
`content_problems` and `content_warnings` are empty for each of them.

The Tibetan texts are translation drafts following translations/glossary.csv (医保基金
སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ, 元 སྒོར, 欺诈骗保 གཡོ་ཟོལ); they need a native speaker's review. Two
recent cases have no Tibetan text yet, so the site's "not yet translated" notice shows. The
Tibetan summary is a hand-written account of the facts followed by sentences built from the
case's outcome fields, so its figures always match the fields.

Figures in the texts are filled in from the fields ({amount}, {fine}, ...), and a fine given
with a multiple is computed as amount x multiple, so text and fields cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from portal.cases.checks import LegalBasis
from portal.cases.content import CaseContent, ClueSource, ExecutionStatus, Handling
from portal.institutions.kinds import InstitutionType
from portal.violations import Violation

CENT = Decimal("0.01")
V, T, C, B, H, E = Violation, InstitutionType, ClueSource, LegalBasis, Handling, ExecutionStatus

# The demo regions (portal.funds.synthetic.DEMO_REGIONS) as disclosures/regions.csv names them.
REGION_NAMES = {
    "640100": ("银川市", "ཡིན་ཁྲོན་གྲོང་ཁྱེར", "Yinchuan"),
    "640200": ("石嘴山市", "ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར", "Shizuishan"),
    "640205": ("惠农区", "ཧུའེ་ནུང་ཆུས", "Huinong District"),
    "640300": ("吴忠市", "ཝུའུ་ཀྲུང་གྲོང་ཁྱེར", "Wuzhong"),
    "640323": ("盐池县", "ཡན་ཁྲི་རྫོང", "Yanchi County"),
    "640381": ("青铜峡市", "ཆིང་ཐུང་ཞ་གྲོང་ཁྱེར", "Qingtongxia"),
    "640500": ("中卫市", "ཀྲུང་ཝེ་གྲོང་ཁྱེར", "Zhongwei"),
    "640502": ("沙坡头区", "ཧྲ་ཕོ་ཐོའུ་ཆུས", "Shapotou District"),
    "640521": ("中宁县", "ཀྲུང་ཉིང་རྫོང", "Zhongning County"),
    "540100": ("拉萨市", "ལྷ་ས་གྲོང་ཁྱེར", "Lhasa"),
    "542500": ("阿里地区", "མངའ་རིས་ས་ཁུལ", "Ngari Prefecture"),
    "542522": ("札达县", "རྩ་མདའ་རྫོང", "Zanda County"),
}

_REGULATION_BO = "《སྨན་བཅོས་འགན་སྲུང་མ་དངུལ་བཀོལ་སྤྱོད་ལྟ་རྟོག་དོ་དམ་གྱི་སྒྲིག་སྲོལ》"
_REGULATION_EN = "Regulation on the Supervision and Administration of the Use of Medical Security Funds"
_FUND_BO = "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ"
_AGENCY_BO = "སྨན་བཅོས་འགན་བཅོལ་ལས་དོན་ལས་ཁུངས་ཀྱིས་"
_EXECUTION_BO = {
    ExecutionStatus.COMPLETE: "ཐག་གཅོད་ཡོངས་རྫོགས་ལག་བསྟར་བྱས་ཟིན།",
    ExecutionStatus.PARTIAL: "ཐག་གཅོད་ཆ་ཤས་ལག་བསྟར་བྱས་ཟིན་ཅིང་། ལྷག་མ་ལག་བསྟར་བྱེད་བཞིན་ཡོད།",
    ExecutionStatus.IN_PROGRESS: "ཐག་གཅོད་ལག་བསྟར་བྱེད་བཞིན་ཡོད།",
}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")


@dataclass(frozen=True)
class SyntheticCase:
    content: CaseContent
    published_on: date  # between 2021-01-01 and 2026-10-31
    correction_note: str = ""  # non-empty: the demo publishes the case, then a correction with this note
    withdrawal_reason: str = ""  # non-empty: the demo withdraws the case with this reason


def _plain(value: Decimal) -> str:
    """2, 1.5, 2.5: a multiple without trailing zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _times(multiple: Decimal) -> str:
    """English for a fine multiple: twice, 1.5 times."""
    return "twice" if multiple == 2 else f"{_plain(multiple)} times"


def _period(start: str, end: str) -> tuple[date, date, dict[str, str]]:
    """First and last day of the months "YYYY-MM" and how each language writes the period."""
    y1, m1 = (int(part) for part in start.split("-"))
    y2, m2 = (int(part) for part in end.split("-"))
    first = date(y1, m1, 1)
    last = date(y2 + (m2 == 12), 1 if m2 == 12 else m2 + 1, 1) - timedelta(days=1)
    if y1 == y2:
        zh = f"{y1}年{m1}月至{m2}月"
        en = f"from {_MONTHS_EN[m1 - 1]} to {_MONTHS_EN[m2 - 1]} {y1}"
        bo = f"{y1} ལོའི་ཟླ་ {m1} པ་ནས་ཟླ་ {m2} པའི་བར་"
    else:
        zh = f"{y1}年{m1}月至{y2}年{m2}月"
        en = f"from {_MONTHS_EN[m1 - 1]} {y1} to {_MONTHS_EN[m2 - 1]} {y2}"
        bo = f"{y1} ལོའི་ཟླ་ {m1} པ་ནས་ {y2} ལོའི་ཟླ་ {m2} པའི་བར་"
    return first, last, {"zh": zh, "en": en, "bo": bo}


def _bureau_bo(region_code: str) -> str:
    return f"{REGION_NAMES[region_code][1]}་སྨན་བཅོས་འགན་སྲུང་ཅུས"


def _outcomes_bo(content: CaseContent, figures: dict[str, str]) -> str:
    """The handling, outcomes and execution of `content` in Tibetan, built from its fields."""
    sentences = []
    if content.legal_basis is not None:
        sentences.append(f"{_bureau_bo(content.region_code)}་ཀྱིས་{_REGULATION_BO}གྱི་དོན་ཚན་ "
                         f"{content.legal_basis.article} པ་ལྟར་ཐག་གཅོད་བྱས་ཏེ།")
    else:
        sentences.append(f"{_AGENCY_BO}ཞབས་ཞུའི་གྲོས་མཐུན་ལྟར་ཐག་གཅོད་བྱས་ཏེ།")
    in_progress = content.execution_status is ExecutionStatus.IN_PROGRESS
    if content.returned_amount is not None and not in_progress:
        sentences.append(f"{_FUND_BO}་སྒོར་ {figures['returned']} ཕྱིར་སློག་བྱེད་དུ་བཅུག")
    elif in_progress:
        sentences.append(f"{_FUND_BO}་ཕྱིར་སློག་བྱེད་དུ་བཅུག")
    if content.fine_multiple is not None:
        sentences.append(f"ལྡབ་ {figures['multiple']} ཡི་ཆད་དངུལ་སྒོར་ {figures['fine']} བཀལ།")
    elif content.fine_amount is not None:
        sentences.append(f"ཆད་དངུལ་སྒོར་ {figures['fine']} བཀལ།")
    if content.suspension_months:
        if content.institution_type is None:
            sentences.append(f"ཁོང་གི་སྨན་བཅོས་འགྲོ་གྲོན་ཐད་ཀར་རྩིས་སྒྲིག་བྱེད་པ་ཟླ་བ་ {content.suspension_months} "
                             "རིང་མཚམས་འཇོག་བྱས།")
        else:
            sentences.append(f"འགན་འཁྲི་ཡོད་པའི་སྡེ་ཚན་གྱི་{_FUND_BO}་དང་འབྲེལ་བའི་ལས་དོན་ཟླ་བ་ "
                             f"{content.suspension_months} རིང་མཚམས་འཇོག་བྱས།")
    if content.rectification_ordered:
        sentences.append("དུས་བཀག་ལྟར་ལེགས་བཅོས་བྱེད་དུ་བཅུག")
    if content.interview_held:
        sentences.append("འགན་འཁུར་མི་སྣ་དང་གླེང་མོལ་བྱས།")
    if content.legal_basis is not None and content.agreement_suspension_days:
        sentences.append(f"{_AGENCY_BO}ཞབས་ཞུའི་གྲོས་མཐུན་ཉིན་ {content.agreement_suspension_days} "
                         "རིང་མཚམས་འཇོག་བྱས།")
    elif content.agreement_suspension_days:
        sentences.append(f"ཞབས་ཞུའི་གྲོས་མཐུན་ཉིན་ {content.agreement_suspension_days} རིང་མཚམས་འཇོག་བྱས།")
    if content.agreement_terminated:
        sentences.append(f"{_AGENCY_BO}ཞབས་ཞུའི་གྲོས་མཐུན་མཇུག་སྒྲིལ།")
    if content.referred_to_police:
        sentences.append("ཉེས་དོན་གྱི་སྣེ་ཁྲིད་སྤྱི་བདེ་ལས་ཁུངས་ལ་རྩིས་སྤྲད།")
    if content.notified_health_commission:
        sentences.append("འཕྲོད་བསྟེན་སྡེ་ཁག་ལ་བརྡ་ཁྱབ་བྱས།")
    if content.discipline_referral:
        sentences.append("འབྲེལ་ཡོད་སྣེ་ཁྲིད་སྒྲིག་ཁྲིམས་ཞིབ་བཤེར་དང་ལྟ་རྟོག་ལས་ཁུངས་ལ་རྩིས་སྤྲད།")
    if in_progress and content.returned_amount is not None:
        sentences.append(f"ད་བར་སྒོར་ {figures['returned']} སླར་ལེན་བྱས་ཟིན།")
    if content.execution_status is not None:
        sentences.append(_EXECUTION_BO[content.execution_status])
    return " ".join(sentences)


def _case(
    *,
    region: str,
    published: str,
    title: tuple[str, str, str],
    summary_zh: str,
    summary_en: str,
    facts_bo: str,
    categories: tuple[Violation, ...],
    clue: ClueSource,
    period: tuple[str, str],
    amount: str,
    handling: Handling,
    execution: ExecutionStatus,
    institution: tuple[str, str, str] = ("", "", ""),
    institution_type: InstitutionType | None = None,
    basis: LegalBasis | None = None,
    returned: str | bool | None = None,
    multiple: str | None = None,
    fine: str | None = None,
    months: int | None = None,
    days: int | None = None,
    terminated: bool = False,
    rectification: bool = False,
    interview: bool = False,
    police: bool = False,
    health: bool = False,
    discipline: bool = False,
    decision: str = "",
    correction: str = "",
    withdrawal: str = "",
) -> SyntheticCase:
    """One case. `returned=True` means the whole amount involved; a `multiple` without `fine`
    gives the fine amount x multiple (which must come out in whole fen). `facts_bo` empty:
    no Tibetan text yet (title_bo must then be empty too)."""
    amount_involved = Decimal(amount)
    returned_amount = amount_involved if returned is True else Decimal(returned) if returned else None
    fine_multiple = Decimal(multiple) if multiple is not None else None
    fine_amount = Decimal(fine) if fine is not None else None
    if fine_multiple is not None and fine_amount is None:
        exact = amount_involved * fine_multiple
        fine_amount = exact.quantize(CENT)
        if fine_amount != exact:
            raise ValueError(f"{amount} x {multiple} is not in whole fen")
    start, end, periods = _period(*period)
    if bool(facts_bo) != bool(title[1]):
        raise ValueError("a Tibetan title needs a Tibetan summary and the other way round")

    def figures(grouped: bool) -> dict[str, str]:
        def money(value: Decimal | None) -> str:
            return "" if value is None else f"{value:,.2f}" if grouped else f"{value:.2f}"
        return {"amount": money(amount_involved), "returned": money(returned_amount), "fine": money(fine_amount),
                "multiple": _plain(fine_multiple) if fine_multiple is not None else "",
                "times": _times(fine_multiple) if fine_multiple is not None else "",
                "months": str(months or ""), "days": str(days or "")}

    content = CaseContent(
        region_code=region,
        title_zh=title[0],
        title_bo=title[1],
        title_en=title[2],
        summary_zh=summary_zh.format(period=periods["zh"], **figures(grouped=False)),
        summary_en=summary_en.format(period=periods["en"], regulation=_REGULATION_EN, **figures(grouped=True)),
        categories=frozenset(categories),
        clue_source=clue,
        institution_name_zh=institution[0],
        institution_name_bo=institution[1] if facts_bo else "",
        institution_name_en=institution[2],
        institution_type=institution_type,
        violation_start=start,
        violation_end=end,
        amount_involved=amount_involved,
        legal_basis=basis,
        handling=handling,
        returned_amount=returned_amount,
        fine_amount=fine_amount,
        fine_multiple=fine_multiple,
        suspension_months=months,
        agreement_suspension_days=days,
        agreement_terminated=terminated,
        rectification_ordered=rectification,
        interview_held=interview,
        referred_to_police=police,
        notified_health_commission=health,
        discipline_referral=discipline,
        execution_status=execution,
        decision_number=decision,
    )
    if facts_bo:
        bo_figures = figures(grouped=True)
        summary_bo = facts_bo.format(period=periods["bo"], **bo_figures) + " " + _outcomes_bo(content, bo_figures)
        content = replace(content, summary_bo=summary_bo)
    return SyntheticCase(content=content, published_on=date.fromisoformat(published),
                         correction_note=correction, withdrawal_reason=withdrawal)


def synthetic_cases() -> list[SyntheticCase]:
    """The demo's typical cases, oldest publication first. Deterministic: a new list of equal
    cases on every call."""
    cases = [
        _case(
            region="640300", published="2021-03-23",
            institution=("吴忠市示例中医诊所", "ཝུའུ་ཀྲུང་གྲོང་ཁྱེར་དཔེ་གཞིའི་རྒྱ་སྨན་སྨན་བཅོས་ཁང་ཆུང",
                         "Wuzhong Sample TCM Clinic"),
            institution_type=T.CLINIC,
            title=("吴忠市示例中医诊所重复收费、超标准收费违规使用医保基金案",
                   ("ཝུའུ་ཀྲུང་གྲོང་ཁྱེར་དཔེ་གཞིའི་རྒྱ་སྨན་སྨན་བཅོས་ཁང་ཆུང་གིས་བསྐྱར་ཟློས་དང་ཚད་ལས་བརྒལ་བའི་གླ་ཆ་བླངས་ཏེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Wuzhong Sample TCM Clinic: double charging and charging above the set price"),
            categories=(V.DUPLICATE_CHARGING, V.OVERCHARGING), clue=C.RANDOM_INSPECTION,
            period=("2020-01", "2020-10"), amount="8620.00", basis=None, handling=H.AGREEMENT_MEASURES,
            returned=True, days=90, rectification=True, interview=True, execution=E.COMPLETE,
            summary_zh=(
                "吴忠市医疗保障局在“双随机、一公开”抽查中发现，该诊所{period}对针灸、推拿项目重复收费，"
                "并超出规定价格收取中药饮片调剂费，涉及医保基金{amount}元。违规行为发生在"
                "《医疗保障基金使用监督管理条例》施行前，医保经办机构依据医保服务协议追回医保基金{returned}元，"
                "暂停该诊所医保服务协议{days}日，约谈诊所负责人并责令整改。款项已全部追回。"
            ),
            summary_en=(
                "In a random inspection the Wuzhong Medical Security Bureau found that {period} the clinic "
                "charged twice for acupuncture and massage and charged more than the set price for preparing "
                "herbal medicines, involving {amount} yuan of the fund. The conduct predates the Regulation on "
                "the Supervision and Administration of the Use of Medical Security Funds, so the handling agency "
                "acted under the service agreement: it recovered {returned} yuan, suspended the clinic's "
                "agreement for {days} days, interviewed the person in charge and ordered the clinic to rectify. "
                "All amounts have been recovered."
            ),
            facts_bo=(
                "ཝུའུ་ཀྲུང་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་གང་བྱུང་འདེམས་སྒྲུག་ཞིབ་བཤེར་བྱེད་སྐབས། སྨན་བཅོས་ཁང་ཆུང་འདིས་ "
                "{period}ཁབ་བཙུགས་དང་ཉེད་རྒྱག་གི་རྣམ་གྲངས་ལ་བསྐྱར་ཟློས་སུ་གླ་ཆ་བླངས་པ་དང་། རྒྱ་སྨན་སྦྱོར་བའི་གླ་ཆ་ཚད་གཞི་ལས་"
                "བརྒལ་ནས་བླངས་ཏེ། འབྲེལ་ཡོད་དངུལ་འབོར་སྒོར་ {amount} ཡིན་པ་རྙེད། སྒྲིག་འགལ་བྱ་སྤྱོད་དེ་{_reg}ལག་བསྟར་མ་"
                "བྱས་གོང་དུ་བྱུང་བས།"
            ).replace("{_reg}", _REGULATION_BO),
        ),
        _case(
            region="640100", published="2021-12-14",
            institution=("银川市示例康复医院", "ཡིན་ཁྲོན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སླར་གསོ་སྨན་ཁང",
                         "Yinchuan Sample Rehabilitation Hospital"),
            institution_type=T.HOSPITAL,
            title=("银川市示例康复医院诱导住院、挂床住院骗取医保基金案",
                   ("ཡིན་ཁྲོན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སླར་གསོ་སྨན་ཁང་གིས་སྨན་ཁང་དུ་ཞུགས་པར་སྐུལ་འདེད་དང་ཉལ་ཁྲི་བཟུང་ནས་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Yinchuan Sample Rehabilitation Hospital: induced admissions and phantom inpatients"),
            categories=(V.INDUCED_FALSE_ADMISSION, V.PHANTOM_BED), clue=C.REPORT,
            period=("2021-05", "2021-08"), amount="386542.60", basis=B.ART_40, handling=H.BOTH,
            returned=True, multiple="2", terminated=True, police=True, health=True, execution=E.COMPLETE,
            decision="银医保罚〔2021〕9号",
            summary_zh=(
                "根据群众举报，银川市医疗保障局对该院开展调查。经查，该院{period}以免费接送、减免住院自付费用等方式"
                "诱导参保群众住院，部分登记住院的患者未在院接受治疗，骗取医保基金{amount}元。市医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第四十条，责令该院退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元；医保经办机构解除该院医保服务协议；相关线索移送公安机关，并通报卫生健康部门。"
                "上述款项已全部追回。"
            ),
            summary_en=(
                "Following a report from the public, the Yinchuan Medical Security Bureau investigated the "
                "hospital. It found that {period} the hospital offered free transport and waived patients' own "
                "share of costs to get insured people admitted, and that some registered inpatients were not in "
                "hospital for treatment; the hospital obtained {amount} yuan from the fund by fraud. Under "
                "Article 40 of the {regulation}, the bureau ordered it to return {returned} yuan and fined it "
                "{times} that amount, {fine} yuan. The handling agency terminated the hospital's service "
                "agreement, the case was referred to the police and the health commission was notified. All "
                "amounts have been recovered."
            ),
            facts_bo=(
                "མང་ཚོགས་ཀྱི་གསལ་སྙན་ལ་གཞིགས་ནས་ཡིན་ཁྲོན་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་ཞིབ་དཔྱད་བྱས་པར། སྨན་ཁང་འདིས་ "
                "{period}རིན་མེད་སྐྱེལ་འདྲེན་དང་རང་འཇལ་གྲོན་དངུལ་ཆག་ཡང་གཏོང་བ་སོགས་ཀྱིས་འགན་བཅོལ་ཞུགས་མཁན་སྨན་ཁང་དུ་ཞུགས་"
                "པར་སྐུལ་འདེད་བྱས་ཤིང་། ཐོ་འགོད་བྱས་པའི་ནད་པ་ཁ་ཤས་དངོས་གནས་སྨན་ཁང་དུ་མི་སྡོད་པར། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་"
                "སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="640200", published="2021-12-28",
            institution=("石嘴山市示例大药房", "ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྨན་ཚོང་ཁང",
                         "Shizuishan Sample Pharmacy"),
            institution_type=T.PHARMACY,
            title=("石嘴山市示例大药房将非医保基金支付范围费用纳入结算违规使用医保基金案",
                   ("ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྨན་ཚོང་ཁང་གིས་ཁྱབ་ཁོངས་སུ་མི་གཏོགས་པའི་འགྲོ་གྲོན་རྩིས་སྒྲིག་ནང་བཅུག་སྟེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Shizuishan Sample Pharmacy: goods outside the fund's coverage settled with the fund"),
            categories=(V.NON_COVERED_SETTLED,), clue=C.GRID_INSPECTION,
            period=("2021-05", "2021-09"), amount="23416.80", basis=B.ART_38, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, multiple="1", rectification=True, execution=E.COMPLETE,
            decision="石医保罚〔2021〕4号",
            summary_zh=(
                "石嘴山市医疗保障局在日常网格化巡查中发现，该药房{period}将保健食品、化妆品和生活用品等"
                "不属于医保基金支付范围的商品纳入医保结算，造成医保基金损失{amount}元。市医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第三十八条，责令该药房退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元，并责令限期整改。罚没款已全部缴纳。"
            ),
            summary_en=(
                "During a routine grid inspection the Shizuishan Medical Security Bureau found that {period} the "
                "pharmacy put health foods, cosmetics and daily goods, which the fund does not cover, on insurance "
                "bills, causing the fund a loss of {amount} yuan. Under Article 38 of the {regulation}, the bureau "
                "ordered it to return {returned} yuan, fined it the amount of the loss, {fine} yuan, and "
                "ordered it to rectify within a time limit. The money has been paid in full."
            ),
            facts_bo=(
                "ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་རྒྱུན་ལྡན་ཞིབ་བཤེར་བྱེད་སྐབས། སྨན་ཚོང་ཁང་འདིས་ {period}"
                "འཕྲོད་བསྟེན་ཟས་རིགས་དང་། མཛེས་ཆས། འཚོ་བའི་དགོས་ཆས་སོགས་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གྱིས་འཇལ་བའི་ཁྱབ་ཁོངས་"
                "སུ་མི་གཏོགས་པའི་ཚོང་ཟོག་རྩིས་སྒྲིག་ནང་བཅུག་སྟེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་གྱོང་གུན་"
                "བཟོས་པ་རྙེད།"
            ),
        ),
        _case(
            region="640500", published="2022-04-12",
            institution=("中卫市示例骨科医院", "ཀྲུང་ཝེ་གྲོང་ཁྱེར་དཔེ་གཞིའི་རུས་ཚིགས་སྨན་ཁང",
                         "Zhongwei Sample Orthopaedic Hospital"),
            institution_type=T.HOSPITAL,
            title=("中卫市示例骨科医院分解住院违规使用医保基金案",
                   ("ཀྲུང་ཝེ་གྲོང་ཁྱེར་དཔེ་གཞིའི་རུས་ཚིགས་སྨན་ཁང་གིས་སྨན་ཁང་དུ་ཞུགས་པ་ཐེངས་མང་པོར་བགོས་ཏེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Zhongwei Sample Orthopaedic Hospital: one hospital stay split into several"),
            categories=(V.SPLIT_ADMISSION,), clue=C.BIG_DATA,
            period=("2021-06", "2021-12"), amount="152380.00", basis=B.ART_38, handling=H.BOTH,
            returned=True, multiple="1.5", days=60, interview=True, execution=E.COMPLETE,
            decision="卫医保罚〔2022〕2号",
            summary_zh=(
                "中卫市医疗保障局通过医保智能监控大数据筛查发现疑点，经现场核查，该院{period}将应一次完成的住院治疗"
                "拆分为两次或多次住院结算，涉及37人次，造成医保基金损失{amount}元。市医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第三十八条，责令该院退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元；医保经办机构暂停该院医保服务协议{days}日，并约谈医院主要负责人。款项已全部追回。"
            ),
            summary_en=(
                "Big-data screening by the Zhongwei Medical Security Bureau flagged the hospital, and an on-site "
                "check found that {period} it split hospital stays that should have been one into two or more, "
                "in 37 admissions, causing the fund a loss of {amount} yuan. Under Article 38 of the {regulation}, "
                "the bureau ordered it to return {returned} yuan and fined it {times} the loss, {fine} "
                "yuan; the handling agency suspended its service agreement for {days} days, and the hospital's "
                "head was called in for an interview. All amounts have been recovered."
            ),
            facts_bo=(
                "ཀྲུང་ཝེ་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་གཞི་གྲངས་ཆེན་པོའི་སྒོ་ནས་དོགས་གནས་རྙེད་རྗེས་ས་ཐོག་ཞིབ་བཤེར་"
                "བྱས་པར། སྨན་ཁང་འདིས་ {period}ཐེངས་གཅིག་ལ་ཚར་དགོས་པའི་སྨན་ཁང་ཞུགས་པའི་སྨན་བཅོས་ཐེངས་གཉིས་སམ་མང་པོར་"
                "བགོས་ནས་རྩིས་སྒྲིག་བྱས་ཏེ། མི་ཐེངས་ 37 ལ་ཁྱབ་ཅིང་། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་"
                "གྱོང་གུན་བཟོས།"
            ),
        ),
        _case(
            region="640205", published="2022-06-28",
            institution=("惠农区示例镇卫生院", "ཧུའེ་ནུང་ཆུས་དཔེ་གཞིའི་གྲོང་རྡལ་འཕྲོད་བསྟེན་ཁང",
                         "Huinong District Sample Township Health Centre"),
            institution_type=T.COMMUNITY_HEALTH_CENTRE,
            title=("石嘴山市惠农区示例镇卫生院分解处方、超量开药违规使用医保基金案",
                   ("ཧུའེ་ནུང་ཆུས་དཔེ་གཞིའི་གྲོང་རྡལ་འཕྲོད་བསྟེན་ཁང་གིས་སྨན་ཐོ་བགོས་པ་དང་ཚད་ལས་བརྒལ་བའི་སྨན་སྤྲད་དེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Huinong District Sample Township Health Centre: split and excessive prescriptions"),
            categories=(V.OVERTREATMENT,), clue=C.GRID_INSPECTION,
            period=("2021-07", "2021-12"), amount="46275.30", basis=B.ART_38, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, multiple="1", rectification=True, health=True, execution=E.COMPLETE,
            decision="惠医保罚〔2022〕3号",
            summary_zh=(
                "惠农区医疗保障局在日常巡查中发现，该卫生院{period}存在分解处方、超量开药和重复开药问题，"
                "部分慢性病患者单次开药量超过规定用量，造成医保基金损失{amount}元。区医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第三十八条，责令该卫生院退回医保基金{returned}元，处{multiple}倍"
                "罚款{fine}元，责令整改，并将有关情况通报区卫生健康部门。罚没款已全部缴纳。"
            ),
            summary_en=(
                "During a routine inspection the Huinong District Medical Security Bureau found that {period} the "
                "health centre split prescriptions and prescribed too much or the same medicine again; some "
                "patients with chronic illnesses received more than the permitted quantity at a time. The fund "
                "lost {amount} yuan. Under Article 38 of the {regulation}, the bureau ordered the centre to return "
                "{returned} yuan, fined it the amount of the loss, {fine} yuan, ordered it to rectify and "
                "notified the district health commission. The money has been paid in full."
            ),
            facts_bo=(
                "ཧུའེ་ནུང་ཆུས་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་རྒྱུན་ལྡན་ཞིབ་བཤེར་བྱེད་སྐབས། འཕྲོད་བསྟེན་ཁང་འདིས་ {period}སྨན་ཐོ་"
                "བགོས་པ་དང་། ཚད་ལས་བརྒལ་བའམ་བསྐྱར་ཟློས་སུ་སྨན་སྤྲད་པ། ནད་ཡུན་རིང་ཅན་ཁ་ཤས་ལ་ཐེངས་རེར་སྤྲོད་ཚད་ལས་བརྒལ་"
                "བའི་སྨན་སྤྲད་པ་བཅས་ཀྱིས། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་གྱོང་གུན་བཟོས་པ་རྙེད།"
            ),
        ),
        _case(
            region="640323", published="2022-09-15",
            institution=("盐池县示例口腔门诊部", "ཡན་ཁྲི་རྫོང་དཔེ་གཞིའི་སོ་ནད་སྒོ་ཕྱིའི་སྨན་བཅོས་ཁང",
                         "Yanchi County Sample Dental Outpatient Department"),
            institution_type=T.OUTPATIENT_DEPARTMENT,
            title=("吴忠市盐池县示例口腔门诊部串换诊疗项目、分解项目收费违规使用医保基金案",
                   ("ཡན་ཁྲི་རྫོང་དཔེ་གཞིའི་སོ་ནད་སྒོ་ཕྱིའི་སྨན་བཅོས་ཁང་གིས་ནད་བཅོས་རྣམ་གྲངས་བརྗེ་སྒྱུར་དང་བགོས་ནས་གླ་ཆ་བླངས་ཏེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Yanchi County Sample Dental Outpatient Department: substituted and split dental items"),
            categories=(V.ITEM_SUBSTITUTION, V.SPLIT_ITEM_CHARGING), clue=C.RANDOM_INSPECTION,
            period=("2021-09", "2022-03"), amount="27840.00", basis=B.ART_38, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, multiple="1.2", rectification=True, execution=E.COMPLETE,
            decision="盐医保罚〔2022〕1号",
            summary_zh=(
                "盐池县医疗保障局在“双随机、一公开”抽查中发现，该门诊部{period}将不属于医保支付范围的口腔修复项目"
                "串换为医保目录内的牙周治疗项目结算，并将根管治疗拆分为多个项目收费，造成医保基金损失{amount}元。"
                "县医疗保障局依据《医疗保障基金使用监督管理条例》第三十八条，责令该门诊部退回医保基金{returned}元，"
                "处{multiple}倍罚款{fine}元，并责令整改。罚没款已全部缴纳。"
            ),
            summary_en=(
                "In a random inspection the Yanchi County Medical Security Bureau found that {period} the "
                "outpatient department billed dental restorations, which the fund does not cover, as periodontal "
                "treatment on the fund's list, and split root-canal treatment into several charged items, causing "
                "the fund a loss of {amount} yuan. Under Article 38 of the {regulation}, the bureau ordered it to "
                "return {returned} yuan, fined it {times} the loss, {fine} yuan, and ordered it to "
                "rectify. The money has been paid in full."
            ),
            facts_bo=(
                "ཡན་ཁྲི་རྫོང་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་གང་བྱུང་འདེམས་སྒྲུག་ཞིབ་བཤེར་བྱེད་སྐབས། སྨན་བཅོས་ཁང་འདིས་ {period}"
                "ཁྱབ་ཁོངས་སུ་མི་གཏོགས་པའི་སོ་བཅོས་རྣམ་གྲངས་ཐོ་གཞུང་ནང་གི་སོ་རྙིལ་སྨན་བཅོས་སུ་བརྗེ་སྒྱུར་བྱས་ཏེ་རྩིས་སྒྲིག་བྱས་"
                "པ་དང་། སོ་རྩའི་སྨན་བཅོས་རྣམ་གྲངས་མང་པོར་བགོས་ནས་གླ་ཆ་བླངས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} "
                "ཡི་གྱོང་གུན་བཟོས་པ་རྙེད།"
            ),
        ),
        _case(
            region="640100", published="2022-08-09",
            title=("银川市参保人曾某某将本人医保凭证交由他人冒名使用案",
                   ("ཡིན་ཁྲོན་གྲོང་ཁྱེར་གྱི་འགན་བཅོལ་ཞུགས་མཁན་ཙེང་མོའུ་མོའུ་ཡིས་རང་གི་སྨན་བཅོས་འགན་བཅོལ་ལག་ཁྱེར་མི་གཞན་ལ་"
                   "སྤྲད་ནས་མིང་གཡར་ཏེ་བཀོལ་དུ་བཅུག་པའི་ཉེས་དོན"),
                   "Yinchuan: insured person Zeng lent her insurance card to a relative"),
            categories=(V.LENT_INSURANCE_CARD,), clue=C.BIG_DATA,
            period=("2021-06", "2022-02"), amount="12436.20", basis=B.ART_41, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, months=6, execution=E.COMPLETE, decision="银医保罚〔2022〕15号",
            summary_zh=(
                "银川市医疗保障局通过大数据筛查发现，参保人曾某某的医保凭证在同一时段内多次在不同医疗机构使用，"
                "与其本人就医情况不符。经查，曾某某{period}将本人医保凭证交由其亲属孙某使用，发生医保基金支付"
                "{amount}元。市医疗保障局依据《医疗保障基金使用监督管理条例》第四十一条，责令曾某某退回医保基金"
                "{returned}元，暂停其医疗费用联网结算{months}个月。款项已全部退回。"
            ),
            summary_en=(
                "Big-data screening by the Yinchuan Medical Security Bureau showed the insurance card of an insured "
                "person, Zeng, being used at different institutions at the same time, which did not match her own "
                "treatment. The investigation found that {period} she let a relative, Sun, use her card; the fund "
                "paid {amount} yuan for that use. Under Article 41 of the {regulation}, the bureau ordered her to "
                "return {returned} yuan and suspended direct settlement of her medical costs for {months} months. "
                "The money has been returned in full."
            ),
            facts_bo=(
                "ཡིན་ཁྲོན་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་གཞི་གྲངས་ཆེན་པོའི་སྒོ་ནས་ཞིབ་བཤེར་བྱས་པར། འགན་བཅོལ་ཞུགས་མཁན་"
                "ཙེང་མོའུ་མོའུ་ཡི་སྨན་བཅོས་འགན་བཅོལ་ལག་ཁྱེར་དུས་ཚོད་གཅིག་ལ་སྨན་བཅོས་ལས་ཁུངས་མི་འདྲ་བར་བཀོལ་ཡོད་པ་རྙེད། ཞིབ་"
                "དཔྱད་བྱས་པར། ཁོང་གིས་ {period}རང་གི་ལག་ཁྱེར་ཉེ་ཚན་སུན་མོའུ་ལ་བཀོལ་དུ་བཅུག་སྟེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་"
                "ནས་སྒོར་ {amount} སྤྲད་ཡོད།"
            ),
        ),
        _case(
            region="542522", published="2022-10-18",
            institution=("札达县示例乡卫生院", "རྩ་མདའ་རྫོང་དཔེ་གཞིའི་ཤང་འཕྲོད་བསྟེན་ཁང",
                         "Zanda County Sample Township Health Centre"),
            institution_type=T.COMMUNITY_HEALTH_CENTRE,
            title=("阿里地区札达县示例乡卫生院挂床住院违规使用医保基金案",
                   ("རྩ་མདའ་རྫོང་དཔེ་གཞིའི་ཤང་འཕྲོད་བསྟེན་ཁང་གིས་ཉལ་ཁྲི་བཟུང་ཡང་སྨན་བཅོས་མེད་པའི་སྨན་ཁང་ཞུགས་པ་བཟོས་ཏེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Zanda County Sample Township Health Centre: phantom inpatients"),
            categories=(V.PHANTOM_BED,), clue=C.GRID_INSPECTION,
            period=("2021-09", "2022-04"), amount="5680.00", basis=None, handling=H.AGREEMENT_MEASURES,
            returned=True, days=30, rectification=True, interview=True, execution=E.COMPLETE,
            summary_zh=(
                "札达县医疗保障局在日常巡查中发现，该卫生院登记住院的3名患者不在院。经查，该卫生院{period}"
                "存在挂床住院问题，涉及医保基金{amount}元。鉴于违规金额较小且系首次发现，医保经办机构依据医保服务协议"
                "追回医保基金{returned}元，暂停该卫生院医保服务协议{days}日，约谈卫生院负责人并责令整改。"
                "款项已全部追回。"
            ),
            summary_en=(
                "During a routine inspection the Zanda County Medical Security Bureau found three registered "
                "inpatients absent from the health centre. The investigation found phantom inpatients {period}, "
                "involving {amount} yuan of the fund. As the amount was small and it was a first finding, the "
                "handling agency acted under the service agreement: it recovered {returned} yuan, suspended the "
                "centre's agreement for {days} days, interviewed the person in charge and ordered the centre to "
                "rectify. All amounts have been recovered."
            ),
            facts_bo=(
                "རྩ་མདའ་རྫོང་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་རྒྱུན་ལྡན་ཞིབ་བཤེར་བྱེད་སྐབས། འཕྲོད་བསྟེན་ཁང་འདིར་ཐོ་འགོད་བྱས་པའི་"
                "ནད་པ་ 3 སྨན་ཁང་དུ་མེད་པ་རྙེད། ཞིབ་དཔྱད་བྱས་པར། {period}ཉལ་ཁྲི་བཟུང་ཡང་སྨན་བཅོས་མེད་པའི་སྨན་ཁང་ཞུགས་པ་"
                "བྱུང་སྟེ། འབྲེལ་ཡོད་དངུལ་འབོར་སྒོར་ {amount} ཡིན། དངུལ་འབོར་ཆུང་ཞིང་ཐེངས་དང་པོར་རྙེད་པས།"
            ),
        ),
        _case(
            region="640381", published="2022-11-30",
            institution=("青铜峡市示例医药连锁店", "ཆིང་ཐུང་ཞ་གྲོང་ཁྱེར་དཔེ་གཞིའི་རྒྱུད་མཐུད་སྨན་ཚོང་ཁང",
                         "Qingtongxia Sample Pharmacy Chain Store"),
            institution_type=T.PHARMACY,
            title=("吴忠市青铜峡市示例医药连锁店回收倒卖药品骗取医保基金案",
                   ("ཆིང་ཐུང་ཞ་གྲོང་ཁྱེར་དཔེ་གཞིའི་རྒྱུད་མཐུད་སྨན་ཚོང་ཁང་གིས་སྨན་སྣ་ཕྱིར་ཉོས་ནས་བསྐྱར་བཙོང་བྱས་ཏེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Qingtongxia Sample Pharmacy Chain Store: buying back and reselling insured medicines"),
            categories=(V.DRUG_RESALE_KICKBACKS,), clue=C.TRACEABILITY_CODES,
            period=("2021-10", "2022-06"), amount="68940.00", basis=B.ART_40, handling=H.BOTH,
            returned=True, multiple="2", terminated=True, police=True, execution=E.COMPLETE,
            decision="青医保罚〔2022〕6号",
            summary_zh=(
                "青铜峡市医疗保障局通过药品追溯码比对发现，同一追溯码的药品在该店被多次销售结算。经查，该店{period}"
                "低价回收参保人使用医保购买的药品后再次销售并纳入医保结算，骗取医保基金{amount}元。依据"
                "《医疗保障基金使用监督管理条例》第四十条，责令该店退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元；医保经办机构解除该店医保服务协议；相关线索移送公安机关。款项已全部追回。"
            ),
            summary_en=(
                "Comparing drug traceability codes, the Qingtongxia Medical Security Bureau found packs with the "
                "same code sold and settled several times at the store. The investigation found that {period} the "
                "store bought back cheaply medicines that insured people had bought with their insurance and "
                "resold them, settling them with the fund again; it obtained {amount} yuan by fraud. Under "
                "Article 40 of the {regulation}, the bureau ordered it to return {returned} yuan and fined it "
                "{times} that amount, {fine} yuan; the handling agency terminated its service agreement "
                "and the case was referred to the police. All amounts have been recovered."
            ),
            facts_bo=(
                "ཆིང་ཐུང་ཞ་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་སྨན་རྫས་རྗེས་འདེད་ཨང་རྟགས་བསྡུར་ཞིབ་བྱས་པར། ཨང་རྟགས་གཅིག་"
                "པའི་སྨན་སྣ་ཚོང་ཁང་འདིར་ཐེངས་མང་པོར་བཙོངས་ཤིང་རྩིས་སྒྲིག་བྱས་པ་རྙེད། ཞིབ་དཔྱད་བྱས་པར། ཚོང་ཁང་འདིས་ {period}"
                "འགན་བཅོལ་ཞུགས་མཁན་གྱིས་སྨན་བཅོས་འགན་བཅོལ་ཐོག་ཉོས་པའི་སྨན་སྣ་རིན་ཆུང་ངུར་ཕྱིར་ཉོས་ནས་བསྐྱར་བཙོང་བྱས་ཏེ། "
                "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="640502", published="2023-03-21",
            institution=("沙坡头区示例村卫生室", "ཧྲ་ཕོ་ཐོའུ་ཆུས་དཔེ་གཞིའི་གྲོང་ཚོའི་འཕྲོད་བསྟེན་ཁང",
                         "Shapotou District Sample Village Clinic"),
            institution_type=T.CLINIC,
            title=("中卫市沙坡头区示例村卫生室虚构诊疗服务、伪造处方骗取医保基金案",
                   ("ཧྲ་ཕོ་ཐོའུ་ཆུས་དཔེ་གཞིའི་གྲོང་ཚོའི་འཕྲོད་བསྟེན་ཁང་གིས་སྨན་བཅོས་ཞབས་ཞུ་རྫུན་བཟོ་དང་སྨན་ཐོ་རྫུན་བཟོ་བྱས་ཏེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Shapotou District Sample Village Clinic: fictitious visits and forged prescriptions"),
            categories=(V.FICTITIOUS_SERVICES, V.FORGED_RECORDS), clue=C.REPORT,
            period=("2021-11", "2022-08"), amount="31560.00", basis=B.ART_40, handling=H.BOTH,
            returned=True, multiple="3", terminated=True, police=True, execution=E.PARTIAL,
            decision="沙医保罚〔2023〕2号",
            summary_zh=(
                "根据群众举报，沙坡头区医疗保障局对该卫生室进行调查。经查，该卫生室村医王某以帮助办理慢性病待遇为由"
                "收集村民医保凭证，{period}虚构门诊诊疗记录并伪造处方，骗取医保基金{amount}元。区医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第四十条，责令该卫生室退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元；医保经办机构解除该卫生室医保服务协议；相关线索移送公安机关。违规金额已全部退回，"
                "罚款正在分期缴纳。"
            ),
            summary_en=(
                "Following a report from the public, the Shapotou District Medical Security Bureau investigated "
                "the clinic. Its village doctor, Wang, had collected villagers' insurance cards on the pretext of "
                "helping them obtain chronic-illness benefits and {period} recorded outpatient visits that never "
                "took place, with forged prescriptions, obtaining {amount} yuan from the fund by fraud. Under "
                "Article 40 of the {regulation}, the bureau ordered the clinic to return {returned} yuan and fined "
                "it {times} that amount, {fine} yuan; the handling agency terminated its service "
                "agreement and the case was referred to the police. The amount obtained has been returned; the "
                "fine is being paid in instalments."
            ),
            facts_bo=(
                "མང་ཚོགས་ཀྱི་གསལ་སྙན་ལ་གཞིགས་ནས་ཧྲ་ཕོ་ཐོའུ་ཆུས་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་ཞིབ་དཔྱད་བྱས་པར། འཕྲོད་བསྟེན་ཁང་"
                "འདིའི་གྲོང་ཚོའི་སྨན་པ་ཝང་མོའུ་ཡིས་ནད་ཡུན་རིང་གི་ཐོབ་ཐང་སྒྲུབ་རོགས་བྱེད་རྒྱུའི་མིང་ཐོག་གྲོང་མིའི་སྨན་བཅོས་"
                "འགན་བཅོལ་ལག་ཁྱེར་བསྡུས་ཏེ། {period}སྒོ་ཕྱིའི་སྨན་བཅོས་ཟིན་ཐོ་རྫུན་བཟོ་དང་སྨན་ཐོ་རྫུན་བཟོ་བྱས་ནས། སྨན་བཅོས་"
                "འགན་བཅོལ་མ་དངུལ་སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="640521", published="2023-05-16",
            institution=("中宁县示例中医医院", "ཀྲུང་ཉིང་རྫོང་དཔེ་གཞིའི་རྒྱ་སྨན་སྨན་ཁང",
                         "Zhongning County Sample TCM Hospital"),
            institution_type=T.HOSPITAL,
            title=("中卫市中宁县示例中医医院重复收费、分解项目收费违规使用医保基金案",
                   ("ཀྲུང་ཉིང་རྫོང་དཔེ་གཞིའི་རྒྱ་སྨན་སྨན་ཁང་གིས་བསྐྱར་ཟློས་དང་རྣམ་གྲངས་བགོས་ནས་གླ་ཆ་བླངས་ཏེ་"
                   "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Zhongning County Sample TCM Hospital: double charging and split charges"),
            categories=(V.DUPLICATE_CHARGING, V.SPLIT_ITEM_CHARGING), clue=C.FLYING_INSPECTION,
            period=("2021-05", "2022-10"), amount="1286450.40", basis=B.ART_38, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, multiple="1", months=6, rectification=True, interview=True, health=True,
            execution=E.COMPLETE, decision="中宁医保罚〔2023〕3号",
            correction="更正原公布内容中诊疗项目名称的表述错误，涉案金额和处理结果不变。",
            summary_zh=(
                "在全区医保基金飞行检查中，检查组发现该院{period}对同一诊疗项目重复收费，并将针刺、艾灸等项目"
                "分解收费，造成医保基金损失{amount}元。中宁县医疗保障局依据《医疗保障基金使用监督管理条例》"
                "第三十八条，责令该院退回医保基金{returned}元，处{multiple}倍罚款{fine}元，暂停相关科室涉及医保基金"
                "使用的医药服务{months}个月；约谈医院负责人，责令整改，并通报县卫生健康部门。罚没款已全部缴纳。"
            ),
            summary_en=(
                "In a region-wide flying inspection of the fund, the inspection team found that {period} the "
                "hospital charged twice for the same items and split acupuncture, moxibustion and similar "
                "treatments into several charges, causing the fund a loss of {amount} yuan. Under Article 38 of "
                "the {regulation}, the Zhongning County Medical Security Bureau ordered it to return {returned} "
                "yuan, fined it the amount of the loss, {fine} yuan, and suspended the fund-related services "
                "of the departments concerned for {months} months; it interviewed the hospital's head, ordered "
                "rectification and notified the county health commission. The money has been paid in full."
            ),
            facts_bo=(
                "ལྗོངས་ཡོངས་ཀྱི་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གྱི་བརྡ་མེད་གློ་བུར་ཞིབ་བཤེར་སྐབས། ཞིབ་བཤེར་ཚོ་ཆུང་གིས་སྨན་ཁང་"
                "འདིས་ {period}ནད་བཅོས་རྣམ་གྲངས་གཅིག་ལ་བསྐྱར་ཟློས་སུ་གླ་ཆ་བླངས་པ་དང་། ཁབ་བཙུགས་དང་མེ་བཙའ་སོགས་ཀྱི་"
                "རྣམ་གྲངས་བགོས་ནས་གླ་ཆ་བླངས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་གྱོང་གུན་བཟོས་པ་རྙེད།"
            ),
        ),
        _case(
            region="540100", published="2023-07-11",
            institution=("拉萨市示例藏医医院", "ལྷ་ས་གྲོང་ཁྱེར་དཔེ་གཞིའི་བོད་སྨན་སྨན་ཁང",
                         "Lhasa Sample Tibetan Medicine Hospital"),
            institution_type=T.HOSPITAL,
            title=("拉萨市示例藏医医院过度检查、将非医保基金支付范围费用纳入结算违规使用医保基金案",
                   ("ལྷ་ས་གྲོང་ཁྱེར་དཔེ་གཞིའི་བོད་སྨན་སྨན་ཁང་གིས་ཚད་ལས་བརྒལ་བའི་ཞིབ་བཤེར་བྱས་པ་དང་ཁྱབ་ཁོངས་སུ་མི་གཏོགས་"
                   "པའི་འགྲོ་གྲོན་རྩིས་སྒྲིག་ནང་བཅུག་སྟེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   ("Lhasa Sample Tibetan Medicine Hospital: excessive tests and settling costs the fund does not "
                   "cover")),
            categories=(V.OVERTREATMENT, V.NON_COVERED_SETTLED), clue=C.BIG_DATA,
            period=("2022-01", "2022-12"), amount="243780.50", basis=B.ART_38, handling=H.BOTH,
            returned=True, multiple="1.2", days=30, rectification=True, execution=E.COMPLETE,
            decision="拉医保罚〔2023〕5号",
            summary_zh=(
                "拉萨市医疗保障局通过大数据筛查发现，该院住院检查费用明显高于同类医院。经查，该院{period}"
                "对住院病人普遍开展与病情无关的检查，并将不属于医保支付范围的院内制剂纳入医保结算，造成医保基金损失"
                "{amount}元。市医疗保障局依据《医疗保障基金使用监督管理条例》第三十八条，责令该院退回医保基金"
                "{returned}元，处{multiple}倍罚款{fine}元，责令整改；医保经办机构暂停该院医保服务协议{days}日。"
                "罚没款已全部缴纳。"
            ),
            summary_en=(
                "Big-data screening by the Lhasa Medical Security Bureau showed the hospital's inpatient test "
                "costs far above those of similar hospitals. The investigation found that {period} it routinely "
                "gave inpatients tests unrelated to their illness and settled in-house preparations that the fund "
                "does not cover, causing the fund a loss of {amount} yuan. Under Article 38 of the {regulation}, "
                "the bureau ordered it to return {returned} yuan, fined it {times} the loss, {fine} yuan, "
                "and ordered it to rectify; the handling agency suspended its service agreement for {days} days. "
                "The money has been paid in full."
            ),
            facts_bo=(
                "ལྷ་ས་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་གཞི་གྲངས་ཆེན་པོའི་སྒོ་ནས་ཞིབ་བཤེར་བྱས་པར། སྨན་ཁང་འདིའི་སྨན་ཁང་"
                "ཞུགས་པའི་ཞིབ་བཤེར་འགྲོ་གྲོན་རིགས་མཚུངས་སྨན་ཁང་ལས་མཐོ་བ་རྙེད། ཞིབ་དཔྱད་བྱས་པར། སྨན་ཁང་འདིས་ {period}"
                "ནད་པ་མང་པོར་ནད་དང་འབྲེལ་བ་མེད་པའི་ཞིབ་བཤེར་བྱས་པ་དང་། ཁྱབ་ཁོངས་སུ་མི་གཏོགས་པའི་སྨན་ཁང་རང་བཟོའི་སྨན་"
                "རྩིས་སྒྲིག་ནང་བཅུག་སྟེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་གྱོང་གུན་བཟོས།"
            ),
        ),
        _case(
            region="542500", published="2023-09-26",
            institution=("阿里地区示例药品零售店", "མངའ་རིས་ས་ཁུལ་དཔེ་གཞིའི་སྨན་སིལ་ཚོང་ཁང",
                         "Ngari Prefecture Sample Drug Retail Store"),
            institution_type=T.PHARMACY,
            title=("阿里地区示例药品零售店未按规定保管进销存台账违反医保管理规定案",
                   ("མངའ་རིས་ས་ཁུལ་དཔེ་གཞིའི་སྨན་སིལ་ཚོང་ཁང་གིས་སྒྲིག་གཞི་ལྟར་ཉོ་ཚོང་ཉར་ཚགས་ཀྱི་ཐོ་ཁྲ་མ་ཉར་བར་"
                   "སྨན་བཅོས་འགན་བཅོལ་གྱི་དོ་དམ་སྒྲིག་གཞི་ལ་འགལ་བའི་ཉེས་དོན"),
                   "Ngari Prefecture Sample Drug Retail Store: purchase, sales and stock records not kept"),
            categories=(V.MANAGEMENT,), clue=C.CROSS_DEPARTMENT,
            period=("2022-07", "2023-03"), amount="4860.00", basis=B.ART_39, handling=H.ADMINISTRATIVE_PENALTY,
            fine="20000.00", rectification=True, execution=E.COMPLETE, decision="阿医保罚〔2023〕1号",
            summary_zh=(
                "阿里地区市场监管部门在联合检查中发现该店药品进销存台账缺失，将线索移交阿里地区医疗保障局。经查，"
                "该店{period}未按规定建立和保存药品购进、销售、库存台账，也未按规定保管医保结算资料，涉及医保结算费用"
                "{amount}元。地区医疗保障局依据《医疗保障基金使用监督管理条例》第三十九条，对该店处罚款{fine}元，"
                "并责令限期整改。罚款已缴纳，整改已完成。"
            ),
            summary_en=(
                "In a joint inspection the Ngari market regulation department found the store had no records of "
                "drug purchases, sales and stock, and passed the matter to the Ngari Prefecture Medical Security "
                "Bureau. The investigation found that {period} the store kept no such records and did not keep "
                "its settlement documents as required; settlements of {amount} yuan were affected. Under "
                "Article 39 of the {regulation}, the bureau fined it {fine} yuan and ordered it to rectify within a "
                "time limit. The fine has been paid and the store has rectified."
            ),
            facts_bo=(
                "མངའ་རིས་ས་ཁུལ་གྱི་ཚོང་ར་ལྟ་རྟོག་དོ་དམ་ལས་ཁུངས་ཀྱིས་མཉམ་སྦྲེལ་ཞིབ་བཤེར་སྐབས་ཚོང་ཁང་འདིར་སྨན་རྫས་ཉོ་ཚོང་"
                "ཉར་ཚགས་ཀྱི་ཐོ་ཁྲ་མེད་པ་རྙེད་དེ། སྣེ་ཁྲིད་མངའ་རིས་ས་ཁུལ་སྨན་བཅོས་འགན་སྲུང་ཅུས་ལ་རྩིས་སྤྲད། ཞིབ་དཔྱད་བྱས་"
                "པར། ཚོང་ཁང་འདིས་ {period}སྒྲིག་གཞི་ལྟར་ཐོ་ཁྲ་དང་རྩིས་སྒྲིག་ཡིག་ཆ་མ་ཉར་བ་དང་། འབྲེལ་ཡོད་རྩིས་སྒྲིག་འགྲོ་གྲོན་"
                "སྒོར་ {amount} ཡིན།"
            ),
        ),
        _case(
            region="640200", published="2023-11-14",
            title=("石嘴山市参保人李某重复享受医保待遇、使用虚假票据骗取医保基金案",
                   ("ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར་གྱི་འགན་བཅོལ་ཞུགས་མཁན་ལི་མོའུ་ཡིས་ཐོབ་ཐང་བསྐྱར་ཟློས་སུ་ལོངས་སྤྱོད་པ་དང་ཐོ་ཁྲ་"
                   "རྫུན་མ་བཀོལ་ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Shizuishan: insured person Li claimed twice with altered receipts"),
            categories=(V.DUPLICATE_BENEFITS, V.FALSE_INVOICES), clue=C.BIG_DATA,
            period=("2022-05", "2023-01"), amount="28650.40", basis=B.ART_41, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, multiple="2", months=6, execution=E.COMPLETE, decision="石医保罚〔2023〕11号",
            summary_zh=(
                "石嘴山市医疗保障局在异地就医结算数据核查中发现，参保人李某{period}在外省住院已通过异地就医直接结算，"
                "又持涂改后的住院票据复印件回参保地申请手工报销，重复享受医保待遇{amount}元。市医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第四十一条，责令李某退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元，暂停其医疗费用联网结算{months}个月。款项已全部退回，罚款已缴纳。"
            ),
            summary_en=(
                "Checking settlement data for treatment outside the province, the Shizuishan Medical Security "
                "Bureau found that {period} an insured person, Li, whose hospital stays in another province had "
                "already been settled directly, also claimed them at home with altered copies of the receipts, "
                "receiving {amount} yuan twice. Under Article 41 of the {regulation}, the bureau ordered Li to "
                "return {returned} yuan, fined Li {times} that amount, {fine} yuan, and suspended direct "
                "settlement of Li's medical costs for {months} months. The money has been returned and the fine "
                "paid."
            ),
            facts_bo=(
                "ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་ས་གནས་གཞན་དུ་སྨན་བཅོས་བྱས་པའི་རྩིས་སྒྲིག་གཞི་གྲངས་ཞིབ་"
                "བཤེར་བྱས་པར། འགན་བཅོལ་ཞུགས་མཁན་ལི་མོའུ་ཡིས་ {period}ཞིང་ཆེན་གཞན་དུ་སྨན་ཁང་ཞུགས་པའི་འགྲོ་གྲོན་ཐད་ཀར་རྩིས་"
                "སྒྲིག་བྱས་ཟིན་རྗེས། བཟོ་བཅོས་བྱས་པའི་ཐོ་ཁྲའི་འདྲ་བཤུས་ཁྱེར་ནས་འགན་བཅོལ་ས་གནས་སུ་ཡང་བསྐྱར་སླར་ལེན་ཞུས་ཏེ། "
                "ཐོབ་ཐང་སྒོར་ {amount} བསྐྱར་ཟློས་སུ་བླངས་པ་རྙེད།"
            ),
        ),
        _case(
            region="640300", published="2024-01-23",
            institution=("吴忠市示例肛肠医院", "ཝུའུ་ཀྲུང་གྲོང་ཁྱེར་དཔེ་གཞིའི་རྒྱུ་མ་དང་གཞང་ལམ་སྨན་ཁང",
                         "Wuzhong Sample Anorectal Hospital"),
            institution_type=T.HOSPITAL,
            title=("吴忠市示例肛肠医院虚构医药服务项目、伪造医学文书骗取医保基金案",
                   ("ཝུའུ་ཀྲུང་གྲོང་ཁྱེར་དཔེ་གཞིའི་རྒྱུ་མ་དང་གཞང་ལམ་སྨན་ཁང་གིས་སྨན་བཅོས་ཞབས་ཞུའི་རྣམ་གྲངས་རྫུན་བཟོ་དང་སྨན་"
                   "བཅོས་ཡིག་ཆ་རྫུན་བཟོ་བྱས་ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Wuzhong Sample Anorectal Hospital: fictitious treatments and forged records"),
            categories=(V.FICTITIOUS_SERVICES, V.FORGED_RECORDS), clue=C.REPORT,
            period=("2022-03", "2023-04"), amount="578214.30", basis=B.ART_40, handling=H.BOTH,
            returned=True, multiple="2", terminated=True, police=True, health=True, execution=E.COMPLETE,
            decision="吴医保罚〔2024〕1号",
            summary_zh=(
                "根据举报线索，吴忠市医疗保障局联合卫生健康部门对该院开展调查。经查，该院{period}通过虚记治疗次数、"
                "伪造护理记录和检查报告等方式，虚构医药服务项目并纳入医保结算，骗取医保基金{amount}元。"
                "市医疗保障局依据《医疗保障基金使用监督管理条例》第四十条，责令该院退回医保基金{returned}元，"
                "处{multiple}倍罚款{fine}元；医保经办机构解除该院医保服务协议；相关线索移送公安机关，并通报卫生健康"
                "部门。款项已全部追回。"
            ),
            summary_en=(
                "Acting on a report, the Wuzhong Medical Security Bureau and the health authority investigated "
                "the hospital. They found that {period} it recorded treatments that were never given and forged "
                "nursing records and test reports, and settled these fictitious services with the fund, obtaining "
                "{amount} yuan by fraud. Under Article 40 of the {regulation}, the bureau ordered it to return "
                "{returned} yuan and fined it {times} that amount, {fine} yuan; the handling agency "
                "terminated its service agreement, the case was referred to the police and the health commission "
                "was notified. All amounts have been recovered."
            ),
            facts_bo=(
                "གསལ་སྙན་གྱི་སྣེ་ཁྲིད་ལ་གཞིགས་ནས་ཝུའུ་ཀྲུང་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་འཕྲོད་བསྟེན་ལས་ཁུངས་དང་"
                "མཉམ་དུ་ཞིབ་དཔྱད་བྱས་པར། སྨན་ཁང་འདིས་ {period}སྨན་བཅོས་ཐེངས་གྲངས་རྫུན་མ་བཀོད་པ་དང་། འཚོ་སྐྱོང་ཟིན་ཐོ་དང་"
                "ཞིབ་བཤེར་སྙན་ཐོ་རྫུན་བཟོ་བྱས་ནས་སྨན་བཅོས་ཞབས་ཞུའི་རྣམ་གྲངས་རྫུན་བཟོ་བྱས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་"
                "སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="640381", published="2024-03-19",
            institution=("青铜峡市示例平价药店", "ཆིང་ཐུང་ཞ་གྲོང་ཁྱེར་དཔེ་གཞིའི་ཁེ་གོང་སྨན་ཚོང་ཁང",
                         "Qingtongxia Sample Discount Pharmacy"),
            institution_type=T.PHARMACY,
            title=("吴忠市青铜峡市示例平价药店诱导冒名购药、以药换物骗取医保基金案",
                   ("ཆིང་ཐུང་ཞ་གྲོང་ཁྱེར་དཔེ་གཞིའི་ཁེ་གོང་སྨན་ཚོང་ཁང་གིས་མིང་གཡར་ནས་སྨན་ཉོ་བར་སྐུལ་འདེད་དང་འཚོ་བའི་དགོས་ཆས་"
                   "བརྗེས་ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   ("Qingtongxia Sample Discount Pharmacy: purchases under others' cards and daily goods billed as "
                   "medicines")),
            categories=(V.INDUCED_IMPERSONATION, V.NON_COVERED_SETTLED), clue=C.SUPERVISOR,
            period=("2023-01", "2023-09"), amount="15832.50", basis=B.ART_40, handling=H.BOTH,
            returned=True, multiple="2", days=180, rectification=True, execution=E.PARTIAL,
            decision="青医保罚〔2024〕2号",
            summary_zh=(
                "医保基金社会监督员在日常监督中发现该店存在“刷医保卡换购日用品”现象，并向青铜峡市医疗保障局反映。"
                "经查，该店{period}诱导参保人使用他人医保凭证购药，并将米、面、油等生活用品以药品名义纳入医保结算，"
                "骗取医保基金{amount}元。市医疗保障局依据《医疗保障基金使用监督管理条例》第四十条，责令该店退回"
                "医保基金{returned}元，处{multiple}倍罚款{fine}元；医保经办机构暂停该店医保服务协议{days}日，"
                "责令整改。违规金额已全部退回，罚款已缴纳一部分。"
            ),
            summary_en=(
                "A social supervisor noticed that customers could swap their insurance balance for daily goods at "
                "the pharmacy and told the Qingtongxia Medical Security Bureau. The investigation found that "
                "{period} the pharmacy encouraged insured people to buy medicines with other people's insurance "
                "cards and billed rice, flour, cooking oil and other daily goods as medicines, obtaining {amount} "
                "yuan from the fund by fraud. Under Article 40 of the {regulation}, the bureau ordered it to return "
                "{returned} yuan and fined it {times} that amount, {fine} yuan; the handling agency "
                "suspended its service agreement for {days} days and ordered it to rectify. The amount obtained "
                "has been returned; part of the fine has been paid."
            ),
            facts_bo=(
                "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གྱི་སྤྱི་ཚོགས་ལྟ་རྟོག་པས་ཚོང་ཁང་འདིར་སྨན་བཅོས་འགན་བཅོལ་ལག་ཁྱེར་བཀོལ་ནས་འཚོ་བའི་དགོས་ཆས་བརྗེ་བ་མཐོང་སྟེ་ཆིང་"
                "ཐུང་ཞ་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ལ་སྙན་སེང་ཞུས། ཞིབ་དཔྱད་བྱས་པར། ཚོང་ཁང་འདིས་ {period}འགན་བཅོལ་"
                "ཞུགས་མཁན་ལ་མི་གཞན་གྱི་ལག་ཁྱེར་བཀོལ་ནས་སྨན་ཉོ་བར་སྐུལ་འདེད་བྱས་པ་དང་། འབྲས་དང་། ཕྱེ། སྣུམ་སོགས་འཚོ་བའི་"
                "དགོས་ཆས་སྨན་གྱི་མིང་ཐོག་རྩིས་སྒྲིག་བྱས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="542522", published="2024-04-18",
            institution=("札达县示例藏医诊所", "རྩ་མདའ་རྫོང་དཔེ་གཞིའི་བོད་སྨན་སྨན་བཅོས་ཁང་ཆུང",
                         "Zanda County Sample Tibetan Medicine Clinic"),
            institution_type=T.CLINIC,
            title=("阿里地区札达县示例藏医诊所未按规定公开医药费用违反医保管理规定案",
                   ("རྩ་མདའ་རྫོང་དཔེ་གཞིའི་བོད་སྨན་སྨན་བཅོས་ཁང་ཆུང་གིས་སྒྲིག་གཞི་ལྟར་སྨན་བཅོས་འགྲོ་གྲོན་ཁྱབ་བསྒྲགས་མ་བྱས་པར་"
                   "སྨན་བཅོས་འགན་བཅོལ་གྱི་དོ་དམ་སྒྲིག་གཞི་ལ་འགལ་བའི་ཉེས་དོན"),
                   "Zanda County Sample Tibetan Medicine Clinic: medical costs not published"),
            categories=(V.MANAGEMENT,), clue=C.SUPERVISOR,
            period=("2023-03", "2023-12"), amount="3260.00", basis=B.ART_39, handling=H.ADMINISTRATIVE_PENALTY,
            fine="10000.00", rectification=True, interview=True, execution=E.COMPLETE,
            decision="札医保罚〔2024〕1号",
            summary_zh=(
                "医保基金社会监督员反映，该诊所未在显著位置公示医药服务价格和费用信息。札达县医疗保障局核查发现，"
                "该诊所{period}未按规定公开医药费用和费用结构，未公示价格的项目涉及医保结算费用{amount}元。"
                "县医疗保障局依据《医疗保障基金使用监督管理条例》第三十九条，对该诊所处罚款{fine}元，约谈诊所负责人"
                "并责令整改。罚款已缴纳，价格和费用信息已公示。"
            ),
            summary_en=(
                "A social supervisor reported that the clinic did not display its prices and costs. The Zanda "
                "County Medical Security Bureau found that {period} the clinic did not publish its medical costs "
                "and cost structure as required; settlements of {amount} yuan concerned items without a displayed "
                "price. Under Article 39 of the {regulation}, the bureau fined it {fine} yuan, interviewed the "
                "person in charge and ordered it to rectify. The fine has been paid and the prices and costs are "
                "now displayed."
            ),
            facts_bo=(
                "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གྱི་སྤྱི་ཚོགས་ལྟ་རྟོག་པས་སྨན་བཅོས་ཁང་ཆུང་འདིས་སྨན་བཅོས་ཞབས་ཞུའི་རིན་གོང་དང་འགྲོ་གྲོན་ཁྱབ་བསྒྲགས་མ་བྱས་པའི་སྙན་"
                "སེང་ཞུས། རྩ་མདའ་རྫོང་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་ཞིབ་བཤེར་བྱས་པར། སྨན་བཅོས་ཁང་ཆུང་འདིས་ {period}སྒྲིག་གཞི་"
                "ལྟར་སྨན་བཅོས་འགྲོ་གྲོན་དང་འགྲོ་གྲོན་གྱི་གྲུབ་ཚུལ་ཁྱབ་བསྒྲགས་མ་བྱས་ཤིང་། རིན་གོང་ཁྱབ་བསྒྲགས་མ་བྱས་པའི་"
                "རྣམ་གྲངས་ཀྱི་རྩིས་སྒྲིག་འགྲོ་གྲོན་སྒོར་ {amount} ཡིན་པ་རྙེད།"
            ),
        ),
        _case(
            region="640323", published="2024-05-28",
            institution=("盐池县示例镇中心卫生院", "ཡན་ཁྲི་རྫོང་དཔེ་གཞིའི་གྲོང་རྡལ་ལྟེ་བའི་འཕྲོད་བསྟེན་ཁང",
                         "Yanchi County Sample Town Central Health Centre"),
            institution_type=T.COMMUNITY_HEALTH_CENTRE,
            title=("吴忠市盐池县示例镇中心卫生院收受回扣、挪用医保基金案",
                   ("ཡན་ཁྲི་རྫོང་དཔེ་གཞིའི་གྲོང་རྡལ་ལྟེ་བའི་འཕྲོད་བསྟེན་ཁང་གིས་ལྐོག་རྔན་བླངས་པ་དང་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་"
                   "ཁ་ཕྱོགས་བསྒྱུར་ནས་བཀོལ་བའི་ཉེས་དོན"),
                   ("Yanchi County Sample Town Central Health Centre: kickbacks, inflated prices and misused fund "
                   "advances")),
            categories=(V.BRIBERY, V.EMBEZZLEMENT, V.OVERCHARGING), clue=C.CROSS_DEPARTMENT,
            period=("2022-01", "2023-06"), amount="213560.00", basis=B.ART_38, handling=H.ADMINISTRATIVE_PENALTY,
            returned="100000.00", multiple="1", rectification=True, health=True, discipline=True,
            execution=E.IN_PROGRESS, decision="盐医保罚〔2024〕3号",
            summary_zh=(
                "审计部门在专项审计中发现问题线索并移交盐池县医疗保障局。经查，该卫生院原负责人张某某在采购医用耗材"
                "过程中收受供货企业财物，该院{period}按高于规定价格的标准收取耗材费用并纳入医保结算，同时将医保经办"
                "机构拨付的预付金挪作基建支出，造成医保基金损失{amount}元。县医疗保障局依据《医疗保障基金使用监督"
                "管理条例》第三十八条，责令该院退回医保基金，处{multiple}倍罚款{fine}元，责令整改；张某某的问题线索"
                "已移送纪检监察机关，并通报县卫生健康部门。目前已追回医保基金{returned}元，其余款项正在追缴中。"
            ),
            summary_en=(
                "An audit turned up leads that the audit office passed to the Yanchi County Medical Security "
                "Bureau. The investigation found that the centre's former head, Zhang, took money and gifts from "
                "suppliers of medical consumables, that {period} the centre charged consumables above the set "
                "price and settled them with the fund, and that it spent advances paid by the handling agency on "
                "construction. The fund lost {amount} yuan. Under Article 38 of the {regulation}, the bureau "
                "ordered the centre to return the money, fined it the amount of the loss, {fine} yuan, and "
                "ordered it to rectify; Zhang's case was referred to the discipline inspection authority and the "
                "county health commission was notified. {returned} yuan has been recovered so far; the rest is "
                "being recovered."
            ),
            facts_bo=(
                "རྩིས་ཞིབ་ལས་ཁུངས་ཀྱིས་ཆེད་དོན་རྩིས་ཞིབ་སྐབས་རྙེད་པའི་སྣེ་ཁྲིད་ཡན་ཁྲི་རྫོང་སྨན་བཅོས་འགན་སྲུང་ཅུས་ལ་རྩིས་སྤྲད། "
                "ཞིབ་དཔྱད་བྱས་པར། འཕྲོད་བསྟེན་ཁང་འདིའི་འགན་འཛིན་སྔ་མ་ཀྲང་མོའུ་མོའུ་ཡིས་སྨན་བཅོས་ཟད་ཆས་ཉོ་སྒྲུབ་སྐབས་མཁོ་"
                "སྤྲོད་ཁེ་ལས་ནས་དངུལ་དངོས་བླངས་པ་དང་། འཕྲོད་བསྟེན་ཁང་འདིས་ {period}ཟད་ཆས་ཀྱི་གླ་ཆ་ཚད་གཞི་ལས་བརྒལ་ནས་"
                "བླངས་ཏེ་རྩིས་སྒྲིག་བྱས་པ། སྨན་བཅོས་འགན་བཅོལ་ལས་དོན་ལས་ཁུངས་ཀྱིས་སྔ་གཏོང་བྱས་པའི་མ་དངུལ་འཛུགས་སྐྲུན་ལ་"
                "བཀོལ་བ་བཅས་ཀྱིས། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་གྱོང་གུན་བཟོས།"
            ),
        ),
        _case(
            region="540100", published="2024-06-20",
            title=("拉萨市参保人次某某利用门诊慢特病待遇倒卖药品骗取医保基金案",
                   ("ལྷ་ས་གྲོང་ཁྱེར་གྱི་འགན་བཅོལ་ཞུགས་མཁན་ཚེ་མོའུ་མོའུ་ཡིས་ནད་ཡུན་རིང་གི་ཐོབ་ཐང་བཀོལ་ནས་སྨན་སྣ་བསྐྱར་བཙོང་"
                   "བྱས་ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Lhasa: insured person Ci resold medicines obtained with chronic-illness benefits"),
            categories=(V.DRUG_RESALE_KICKBACKS,), clue=C.TRACEABILITY_CODES,
            period=("2023-02", "2023-11"), amount="45872.00", basis=B.ART_41, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, multiple="3", months=12, police=True, execution=E.COMPLETE,
            decision="拉医保罚〔2024〕8号",
            summary_zh=(
                "拉萨市医疗保障局通过药品追溯码核查发现，参保人次某某名下结算的门诊慢特病药品在其他药店再次出现。"
                "经查，次某某{period}利用门诊慢特病待遇超量购药后转卖给他人牟利，涉及医保基金{amount}元。"
                "市医疗保障局依据《医疗保障基金使用监督管理条例》第四十一条，责令次某某退回医保基金{returned}元，"
                "处{multiple}倍罚款{fine}元，暂停其医疗费用联网结算{months}个月，并将相关线索移送公安机关。"
                "款项已全部追回。"
            ),
            summary_en=(
                "Checking drug traceability codes, the Lhasa Medical Security Bureau found medicines settled "
                "under the chronic-illness outpatient benefit of an insured person, Ci, turning up again at "
                "other pharmacies. The investigation found that {period} Ci bought far more medicine than "
                "needed with the benefit and sold it on for profit, involving {amount} yuan of the fund. Under "
                "Article 41 of the {regulation}, the bureau ordered Ci to return {returned} yuan, imposed a "
                "fine of {times} that amount, {fine} yuan, suspended direct settlement of Ci's "
                "medical costs for {months} months and referred the case to the police. All amounts have been "
                "recovered."
            ),
            facts_bo=(
                "ལྷ་ས་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་སྨན་རྫས་རྗེས་འདེད་ཨང་རྟགས་ཞིབ་བཤེར་བྱས་པར། འགན་བཅོལ་ཞུགས་མཁན་"
                "ཚེ་མོའུ་མོའུ་ཡི་མིང་ཐོག་རྩིས་སྒྲིག་བྱས་པའི་ནད་ཡུན་རིང་གི་སྨན་སྣ་སྨན་ཚོང་ཁང་གཞན་དུ་ཡང་བསྐྱར་མཐོང་བ་རྙེད། "
                "ཞིབ་དཔྱད་བྱས་པར། ཁོང་གིས་ {period}ནད་ཡུན་རིང་གི་ཐོབ་ཐང་བཀོལ་ནས་སྨན་ཚད་ལས་བརྒལ་ཏེ་ཉོས་རྗེས་མི་གཞན་ལ་བཙོངས་"
                "ནས་ཁེ་བཟང་བླངས་ཏེ། འབྲེལ་ཡོད་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒོར་ {amount} ཡིན།"
            ),
        ),
        _case(
            region="640200", published="2024-10-15",
            institution=("石嘴山市示例心血管病医院", "ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྙིང་དང་ཁྲག་རྩའི་ནད་སྨན་ཁང",
                         "Shizuishan Sample Cardiovascular Hospital"),
            institution_type=T.HOSPITAL,
            title=("石嘴山市示例心血管病医院过度检查、重复收费违规使用医保基金案",
                   ("ཧྲི་ཙུའེ་ཧྲན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྙིང་དང་ཁྲག་རྩའི་ནད་སྨན་ཁང་གིས་ཚད་ལས་བརྒལ་བའི་ཞིབ་བཤེར་དང་བསྐྱར་ཟློས་"
                   "གླ་ཆ་བླངས་ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Shizuishan Sample Cardiovascular Hospital: repeated tests and double charging"),
            categories=(V.OVERTREATMENT, V.DUPLICATE_CHARGING), clue=C.FLYING_INSPECTION,
            period=("2023-01", "2023-12"), amount="426918.30", basis=B.ART_38, handling=H.BOTH,
            returned=True, multiple="1.2", days=60, rectification=True, interview=True, health=True,
            execution=E.COMPLETE, decision="石医保罚〔2024〕6号",
            withdrawal="该案行政处罚决定经行政复议被依法撤销并责令重新作出处理，原公布内容予以撤回。",
            summary_zh=(
                "在自治区医保基金飞行检查中，检查组发现该院{period}对住院病人普遍重复开展冠脉CT、心脏彩超等检查，"
                "并对同一项目重复收费，造成医保基金损失{amount}元。市医疗保障局依据《医疗保障基金使用监督管理条例》"
                "第三十八条，责令该院退回医保基金{returned}元，处{multiple}倍罚款{fine}元，约谈医院负责人，"
                "责令整改，并通报卫生健康部门；医保经办机构暂停该院医保服务协议{days}日。罚没款已全部缴纳。"
            ),
            summary_en=(
                "In a region-wide flying inspection of the fund, the inspection team found that {period} the "
                "hospital routinely repeated coronary CT scans, echocardiograms and other tests on inpatients and "
                "charged twice for the same items, causing the fund a loss of {amount} yuan. Under Article 38 of "
                "the {regulation}, the Shizuishan Medical Security Bureau ordered it to return {returned} yuan, "
                "fined it {times} the loss, {fine} yuan, interviewed the hospital's head, ordered "
                "rectification and notified the health commission; the handling agency suspended its service "
                "agreement for {days} days. The money has been paid in full."
            ),
            facts_bo=(
                "རང་སྐྱོང་ལྗོངས་ཀྱི་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གྱི་བརྡ་མེད་གློ་བུར་ཞིབ་བཤེར་སྐབས། ཞིབ་བཤེར་ཚོ་ཆུང་གིས་སྨན་ཁང་"
                "འདིས་ {period}སྨན་ཁང་ཞུགས་པའི་ནད་པ་མང་པོར་སྙིང་རྩའི་ CT དང་སྙིང་གི་སྒྲ་རྒྱུན་ཞིབ་བཤེར་སོགས་བསྐྱར་ཟློས་སུ་"
                "བྱས་པ་དང་། རྣམ་གྲངས་གཅིག་ལ་བསྐྱར་ཟློས་སུ་གླ་ཆ་བླངས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་"
                "གྱོང་གུན་བཟོས་པ་རྙེད།"
            ),
        ),
        _case(
            region="640521", published="2024-12-10",
            institution=("中宁县示例便民药店", "ཀྲུང་ཉིང་རྫོང་དཔེ་གཞིའི་མང་ཚོགས་ལ་བདེ་བའི་སྨན་ཚོང་ཁང",
                         "Zhongning County Sample Neighbourhood Pharmacy"),
            institution_type=T.PHARMACY,
            title=("中卫市中宁县示例便民药店为非定点药店代刷医保凭证骗取医保基金案",
                   ("ཀྲུང་ཉིང་རྫོང་དཔེ་གཞིའི་མང་ཚོགས་ལ་བདེ་བའི་སྨན་ཚོང་ཁང་གིས་གཏན་འཁེལ་མིན་པའི་སྨན་ཚོང་ཁང་གི་ཚབ་ཏུ་རྩིས་"
                   "སྒྲིག་བྱས་ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Zhongning County Sample Neighbourhood Pharmacy: settling sales for a non-designated pharmacy"),
            categories=(V.OTHER,), clue=C.GRID_INSPECTION,
            period=("2023-08", "2024-05"), amount="52318.00", basis=B.ART_40, handling=H.BOTH,
            returned=True, multiple="2", terminated=True, execution=E.COMPLETE, decision="中宁医保罚〔2024〕9号",
            summary_zh=(
                "中宁县医疗保障局在日常巡查中发现，该店医保结算量与其经营规模明显不符。经查，该店{period}为附近一家"
                "非定点零售药店代刷医保凭证结算药品费用，骗取医保基金{amount}元。县医疗保障局依据《医疗保障基金"
                "使用监督管理条例》第四十条，责令该店退回医保基金{returned}元，处{multiple}倍罚款{fine}元；"
                "医保经办机构解除该店医保服务协议。款项已全部追回。"
            ),
            summary_en=(
                "During a routine inspection the Zhongning County Medical Security Bureau noticed that the "
                "pharmacy's insurance settlements far exceeded what its size could explain. The investigation "
                "found that {period} it settled, with customers' insurance cards, sales made by a nearby pharmacy "
                "that had no agreement with the fund, obtaining {amount} yuan by fraud. Under Article 40 of the "
                "{regulation}, the bureau ordered it to return {returned} yuan and fined it {times} that "
                "amount, {fine} yuan; the handling agency terminated its service agreement. All amounts have been "
                "recovered."
            ),
            facts_bo=(
                "ཀྲུང་ཉིང་རྫོང་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་རྒྱུན་ལྡན་ཞིབ་བཤེར་བྱེད་སྐབས། ཚོང་ཁང་འདིའི་རྩིས་སྒྲིག་འབོར་ཚད་ཚོང་"
                "ལས་ཀྱི་ཁྱབ་ཚད་དང་མི་མཐུན་པ་རྙེད། ཞིབ་དཔྱད་བྱས་པར། ཚོང་ཁང་འདིས་ {period}ཉེ་འཁྲིས་ཀྱི་གཏན་འཁེལ་མིན་པའི་སྨན་"
                "ཚོང་ཁང་ཞིག་གི་ཚབ་ཏུ་སྨན་བཅོས་འགན་བཅོལ་ལག་ཁྱེར་བཀོལ་ནས་སྨན་གྱི་འགྲོ་གྲོན་རྩིས་སྒྲིག་བྱས་ཏེ། སྨན་བཅོས་འགན་"
                "བཅོལ་མ་དངུལ་སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="640500", published="2025-03-11",
            title=("中卫市参保人马某某伪造票据和病历骗取医保基金案",
                   ("ཀྲུང་ཝེ་གྲོང་ཁྱེར་གྱི་འགན་བཅོལ་ཞུགས་མཁན་མ་མོའུ་མོའུ་ཡིས་ཐོ་ཁྲ་དང་ནད་ཐོ་རྫུན་བཟོ་བྱས་ཏེ་སྨན་བཅོས་འགན་"
                   "བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Zhongwei: insured person Ma forged receipts and case notes to claim from the fund"),
            categories=(V.FALSE_INVOICES, V.FORGED_RECORDS), clue=C.CROSS_DEPARTMENT,
            period=("2023-08", "2024-05"), amount="96340.00", basis=B.ART_41, handling=H.ADMINISTRATIVE_PENALTY,
            returned="40000.00", multiple="2.5", months=9, police=True, execution=E.IN_PROGRESS,
            decision="卫医保罚〔2025〕4号",
            summary_zh=(
                "中卫市医疗保障局在与外省医保部门协查比对中发现，参保人马某某提交的外省就医票据与就诊医院记录不符。"
                "经查，马某某{period}伪造外省医院住院病历和医疗费用票据，先后4次申请手工报销，骗取医保基金{amount}元。"
                "市医疗保障局依据《医疗保障基金使用监督管理条例》第四十一条，责令马某某退回医保基金，处{multiple}倍"
                "罚款{fine}元，暂停其医疗费用联网结算{months}个月，并将相关线索移送公安机关。目前已追回医保基金"
                "{returned}元，其余款项正在追缴中。"
            ),
            summary_en=(
                "Comparing records with the medical security department of another province, the Zhongwei Medical "
                "Security Bureau found that receipts an insured person, Ma, had submitted for treatment there did "
                "not match the hospital's records. The investigation found that {period} Ma forged inpatient case "
                "notes and receipts of hospitals in that province and claimed four times, obtaining {amount} yuan "
                "by fraud. Under Article 41 of the {regulation}, the bureau ordered Ma to return the money, imposed "
                "a fine of {times} that amount, {fine} yuan, suspended direct settlement of Ma's medical "
                "costs for {months} months and referred the case to the police. {returned} yuan has been "
                "recovered so far; the rest is being recovered."
            ),
            facts_bo=(
                "ཀྲུང་ཝེ་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་ཞིང་ཆེན་གཞན་གྱི་སྨན་བཅོས་འགན་སྲུང་ལས་ཁུངས་དང་མཉམ་དུ་བསྡུར་"
                "ཞིབ་བྱས་པར། འགན་བཅོལ་ཞུགས་མཁན་མ་མོའུ་མོའུ་ཡིས་སྤྲད་པའི་ཐོ་ཁྲ་སྨན་ཁང་གི་ཟིན་ཐོ་དང་མི་མཐུན་པ་རྙེད། ཞིབ་དཔྱད་"
                "བྱས་པར། ཁོང་གིས་ {period}ཞིང་ཆེན་གཞན་གྱི་སྨན་ཁང་གི་ནད་ཐོ་དང་ཐོ་ཁྲ་རྫུན་བཟོ་བྱས་ཏེ་ཐེངས་ 4 ལ་སླར་ལེན་ཞུས་"
                "ནས། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="640205", published="2025-04-22",
            institution=("惠农区示例综合门诊部", "ཧུའེ་ནུང་ཆུས་དཔེ་གཞིའི་ཕྱོགས་བསྡུས་སྒོ་ཕྱིའི་སྨན་བཅོས་ཁང",
                         "Huinong District Sample General Outpatient Department"),
            institution_type=T.OUTPATIENT_DEPARTMENT,
            title=("石嘴山市惠农区示例综合门诊部分解项目收费、重复收费违规使用医保基金案",
                   ("ཧུའེ་ནུང་ཆུས་དཔེ་གཞིའི་ཕྱོགས་བསྡུས་སྒོ་ཕྱིའི་སྨན་བཅོས་ཁང་གིས་རྣམ་གྲངས་བགོས་པ་དང་བསྐྱར་ཟློས་སུ་གླ་ཆ་བླངས་"
                   "ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   ("Huinong District Sample General Outpatient Department: split and double charges for "
                   "physiotherapy")),
            categories=(V.SPLIT_ITEM_CHARGING, V.DUPLICATE_CHARGING), clue=C.RANDOM_INSPECTION,
            period=("2024-01", "2024-09"), amount="38462.40", basis=B.ART_38, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, multiple="1.5", rectification=True, interview=True, execution=E.COMPLETE,
            decision="惠医保罚〔2025〕2号",
            correction="更正原文中违规行为期间的表述错误（原误写为2024年1月至10月），涉案金额和处理结果不变。",
            summary_zh=(
                "惠农区医疗保障局在“双随机、一公开”抽查中发现，该门诊部{period}将中频脉冲电治疗、红外线治疗等理疗"
                "项目按部位分解收费，并对同一次治疗重复收取换药费，造成医保基金损失{amount}元。区医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第三十八条，责令该门诊部退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元，约谈门诊部负责人并责令整改。罚没款已全部缴纳。"
            ),
            summary_en=(
                "In a random inspection the Huinong District Medical Security Bureau found that {period} the "
                "outpatient department charged physiotherapy such as medium-frequency electrotherapy and infrared "
                "treatment separately for each body part, and charged dressing changes twice for one treatment, "
                "causing the fund a loss of {amount} yuan. Under Article 38 of the {regulation}, the bureau ordered "
                "it to return {returned} yuan, fined it {times} the loss, {fine} yuan, interviewed the "
                "person in charge and ordered it to rectify. The money has been paid in full."
            ),
            facts_bo=(
                "ཧུའེ་ནུང་ཆུས་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་གང་བྱུང་འདེམས་སྒྲུག་ཞིབ་བཤེར་བྱེད་སྐབས། སྨན་བཅོས་ཁང་འདིས་ {period}"
                "གློག་བཅོས་དང་དམར་ཕྱིའི་འོད་བཅོས་སོགས་ཀྱི་ལུས་རྩལ་སྨན་བཅོས་རྣམ་གྲངས་ལུས་ཚིགས་ལྟར་བགོས་ནས་གླ་ཆ་བླངས་པ་དང་། "
                "སྨན་བཅོས་ཐེངས་གཅིག་ལ་རྨ་དཀྲིས་བརྗེ་བའི་གླ་ཆ་བསྐྱར་ཟློས་སུ་བླངས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ "
                "{amount} ཡི་གྱོང་གུན་བཟོས་པ་རྙེད།"
            ),
        ),
        _case(
            region="640502", published="2025-06-17",
            institution=("沙坡头区示例眼科医院", "ཧྲ་ཕོ་ཐོའུ་ཆུས་དཔེ་གཞིའི་མིག་ནད་སྨན་ཁང",
                         "Shapotou District Sample Eye Hospital"),
            institution_type=T.HOSPITAL,
            title=("中卫市沙坡头区示例眼科医院诱导住院、串换人工晶体骗取医保基金案",
                   ("ཧྲ་ཕོ་ཐོའུ་ཆུས་དཔེ་གཞིའི་མིག་ནད་སྨན་ཁང་གིས་སྨན་ཁང་དུ་ཞུགས་པར་སྐུལ་འདེད་དང་མིག་ཤེལ་བརྗེ་སྒྱུར་བྱས་ཏེ་སྨན་"
                   "བཅོས་འགན་བཅོལ་མ་དངུལ་གཡོ་ཟོལ་གྱིས་ལེན་པའི་ཉེས་དོན"),
                   "Shapotou District Sample Eye Hospital: induced admissions and substituted intraocular lenses"),
            categories=(V.INDUCED_FALSE_ADMISSION, V.ITEM_SUBSTITUTION), clue=C.REPORT,
            period=("2023-10", "2024-08"), amount="864215.00", basis=B.ART_40, handling=H.BOTH,
            returned=True, multiple="2.5", months=6, days=180, police=True, health=True, execution=E.PARTIAL,
            decision="沙医保罚〔2025〕3号",
            summary_zh=(
                "根据群众举报，沙坡头区医疗保障局对该院开展调查。经查，该院{period}以免费体检、免费接送为名，组织"
                "中老年参保人集中住院实施白内障手术，并将低价人工晶体串换为高价人工晶体进行医保结算，骗取医保基金"
                "{amount}元。区医疗保障局依据《医疗保障基金使用监督管理条例》第四十条，责令该院退回医保基金"
                "{returned}元，处{multiple}倍罚款{fine}元，暂停该院眼科涉及医保基金使用的医药服务{months}个月；"
                "医保经办机构暂停该院医保服务协议{days}日；相关线索移送公安机关，并通报卫生健康部门。"
                "违规金额已全部退回，罚款正在分期缴纳。"
            ),
            summary_en=(
                "Following a report from the public, the Shapotou District Medical Security Bureau investigated "
                "the hospital. It found that {period}, with offers of free check-ups and free transport, the "
                "hospital brought older insured people in for cataract surgery as inpatients and billed the fund "
                "for expensive intraocular lenses while fitting cheap ones, obtaining {amount} yuan by fraud. "
                "Under Article 40 of the {regulation}, the bureau ordered it to return {returned} yuan, fined it "
                "{times} that amount, {fine} yuan, and suspended the fund-related services of its "
                "ophthalmology department for {months} months; the handling agency suspended its service "
                "agreement for {days} days; the case was referred to the police and the health commission was "
                "notified. The amount obtained has been returned; the fine is being paid in instalments."
            ),
            facts_bo=(
                "མང་ཚོགས་ཀྱི་གསལ་སྙན་ལ་གཞིགས་ནས་ཧྲ་ཕོ་ཐོའུ་ཆུས་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་ཞིབ་དཔྱད་བྱས་པར། སྨན་ཁང་འདིས་ "
                "{period}རིན་མེད་ལུས་ཞིབ་དང་རིན་མེད་སྐྱེལ་འདྲེན་གྱི་མིང་ཐོག་ན་གཞོན་དང་རྒན་གཞོན་གྱི་འགན་བཅོལ་ཞུགས་མཁན་སྨན་"
                "ཁང་དུ་ཞུགས་སུ་བཅུག་སྟེ་མིག་སྐྱ་བཅོས་པའི་གཤག་བཅོས་བྱས་ཤིང་། རིན་ཆུང་བའི་མིག་ཤེལ་བཙུགས་ནས་རིན་ཆེ་བའི་མིག་"
                "ཤེལ་གྱི་མིང་ཐོག་རྩིས་སྒྲིག་བྱས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒོར་ {amount} གཡོ་ཟོལ་གྱིས་བླངས།"
            ),
        ),
        _case(
            region="542500", published="2025-08-19",
            title=("阿里地区参保人扎某重复享受医保待遇案",
                   ("མངའ་རིས་ས་ཁུལ་གྱི་འགན་བཅོལ་ཞུགས་མཁན་བཀྲ་མོའུ་ཡིས་སྨན་བཅོས་འགན་སྲུང་གི་ཐོབ་ཐང་བསྐྱར་ཟློས་སུ་ལོངས་སྤྱད་"
                   "པའི་ཉེས་དོན"),
                   "Ngari: insured person Zha claimed the same hospital costs under two schemes"),
            categories=(V.DUPLICATE_BENEFITS,), clue=C.CROSS_DEPARTMENT,
            period=("2023-01", "2024-12"), amount="18425.60", basis=B.ART_41, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, months=3, execution=E.COMPLETE, decision="阿医保罚〔2025〕2号",
            summary_zh=(
                "阿里地区医疗保障局在与人力资源社会保障部门参保数据比对中发现，参保人扎某同时参加职工基本医疗保险和"
                "城乡居民基本医疗保险。经查，扎某{period}就同一次住院费用分别在两个险种申请报销，重复享受医保待遇"
                "{amount}元。地区医疗保障局依据《医疗保障基金使用监督管理条例》第四十一条，责令扎某退回医保基金"
                "{returned}元，暂停其医疗费用联网结算{months}个月。款项已全部退回。"
            ),
            summary_en=(
                "Comparing enrolment data with the human resources and social security department, the Ngari "
                "Prefecture Medical Security Bureau found an insured person, Zha, enrolled in both the employee "
                "and the urban and rural resident basic medical insurance. The investigation found that {period} "
                "Zha claimed the same hospital stays under both schemes, receiving {amount} yuan twice. Under "
                "Article 41 of the {regulation}, the bureau ordered Zha to return {returned} yuan and suspended "
                "direct settlement of Zha's medical costs for {months} months. The money has been returned in "
                "full."
            ),
            facts_bo=(
                "མངའ་རིས་ས་ཁུལ་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་མི་ཤུགས་ཐོན་ཁུངས་དང་སྤྱི་ཚོགས་འགན་སྲུང་ལས་ཁུངས་ཀྱི་གཞི་གྲངས་དང་"
                "བསྡུར་ཞིབ་བྱས་པར། འགན་བཅོལ་ཞུགས་མཁན་བཀྲ་མོའུ་ལས་བཟོ་བའི་གཞི་རྩའི་སྨན་བཅོས་འགན་བཅོལ་དང་གྲོང་ཁྱེར་དང་"
                "གྲོང་གསེབ་ཀྱི་གྲོང་མིའི་གཞི་རྩའི་སྨན་བཅོས་འགན་བཅོལ་གཉིས་ཀར་ཞུགས་ཡོད་པ་རྙེད། ཞིབ་དཔྱད་བྱས་པར། ཁོང་གིས་ "
                "{period}སྨན་ཁང་ཞུགས་ཐེངས་གཅིག་གི་འགྲོ་གྲོན་འགན་བཅོལ་རིགས་གཉིས་ནས་སོ་སོར་སླར་ལེན་ཞུས་ཏེ། ཐོབ་ཐང་སྒོར་ "
                "{amount} བསྐྱར་ཟློས་སུ་བླངས།"
            ),
        ),
        _case(
            region="640100", published="2025-09-09",
            institution=("银川市示例社区卫生服务中心", "ཡིན་ཁྲོན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྡོད་ཁུལ་འཕྲོད་བསྟེན་ཞབས་ཞུ་ལྟེ་གནས",
                         "Yinchuan Sample Community Health Service Centre"),
            institution_type=T.COMMUNITY_HEALTH_CENTRE,
            title=("银川市示例社区卫生服务中心未按规定公开医药费用和费用结构违反医保管理规定案",
                   ("ཡིན་ཁྲོན་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྡོད་ཁུལ་འཕྲོད་བསྟེན་ཞབས་ཞུ་ལྟེ་གནས་ཀྱིས་སྨན་བཅོས་འགྲོ་གྲོན་དང་དེའི་གྲུབ་ཚུལ་"
                   "ཁྱབ་བསྒྲགས་མ་བྱས་པར་སྨན་བཅོས་འགན་བཅོལ་གྱི་དོ་དམ་སྒྲིག་གཞི་ལ་འགལ་བའི་ཉེས་དོན"),
                   "Yinchuan Sample Community Health Service Centre: costs and cost structure not published"),
            categories=(V.MANAGEMENT,), clue=C.SUPERVISOR,
            period=("2024-07", "2025-03"), amount="6240.00", basis=B.ART_39, handling=H.ADMINISTRATIVE_PENALTY,
            fine="30000.00", rectification=True, execution=E.COMPLETE, decision="银医保罚〔2025〕7号",
            summary_zh=(
                "医保基金社会监督员反映该中心未公示医药服务价格。银川市医疗保障局核查发现，该中心{period}未按规定"
                "公开医药费用和费用结构，且未按规定保存部分处方和医保结算资料，涉及医保结算费用{amount}元。"
                "市医疗保障局依据《医疗保障基金使用监督管理条例》第三十九条，对该中心处罚款{fine}元，并责令整改。"
                "罚款已缴纳。"
            ),
            summary_en=(
                "A social supervisor reported that the centre did not display its prices. The Yinchuan Medical "
                "Security Bureau found that {period} the centre did not publish its medical costs and cost "
                "structure and did not keep some prescriptions and settlement documents as required; settlements "
                "of {amount} yuan were affected. Under Article 39 of the {regulation}, the bureau fined it {fine} "
                "yuan and ordered it to rectify. The fine has been paid."
            ),
            facts_bo=(
                "སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གྱི་སྤྱི་ཚོགས་ལྟ་རྟོག་པས་ལྟེ་གནས་འདིས་སྨན་བཅོས་ཞབས་ཞུའི་རིན་གོང་ཁྱབ་བསྒྲགས་མ་བྱས་པའི་སྙན་སེང་ཞུས། ཡིན་ཁྲོན་"
                "གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་ཞིབ་བཤེར་བྱས་པར། ལྟེ་གནས་འདིས་ {period}སྒྲིག་གཞི་ལྟར་སྨན་བཅོས་འགྲོ་"
                "གྲོན་དང་འགྲོ་གྲོན་གྱི་གྲུབ་ཚུལ་ཁྱབ་བསྒྲགས་མ་བྱས་པ་དང་། སྨན་ཐོ་དང་རྩིས་སྒྲིག་ཡིག་ཆ་ཁ་ཤས་མ་ཉར་བ། འབྲེལ་ཡོད་"
                "རྩིས་སྒྲིག་འགྲོ་གྲོན་སྒོར་ {amount} ཡིན་པ་རྙེད།"
            ),
        ),
        _case(
            region="542500", published="2025-11-25",
            institution=("阿里地区示例综合医院", "མངའ་རིས་ས་ཁུལ་དཔེ་གཞིའི་ཕྱོགས་བསྡུས་སྨན་ཁང",
                         "Ngari Prefecture Sample General Hospital"),
            institution_type=T.HOSPITAL,
            title=("阿里地区示例综合医院重复收费、超标准收费违规使用医保基金案",
                   ("མངའ་རིས་ས་ཁུལ་དཔེ་གཞིའི་ཕྱོགས་བསྡུས་སྨན་ཁང་གིས་བསྐྱར་ཟློས་དང་ཚད་ལས་བརྒལ་བའི་གླ་ཆ་བླངས་ཏེ་སྨན་བཅོས་"
                   "འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Ngari Prefecture Sample General Hospital: double charging and charging above the set price"),
            categories=(V.DUPLICATE_CHARGING, V.OVERCHARGING), clue=C.FLYING_INSPECTION,
            period=("2024-01", "2024-12"), amount="162384.70", basis=B.ART_38, handling=H.ADMINISTRATIVE_PENALTY,
            returned=True, fine="162385.00", rectification=True, interview=True, execution=E.COMPLETE,
            decision="阿医保罚〔2025〕6号",
            summary_zh=(
                "在国家医保基金飞行检查中，检查组发现该院{period}对同一次检查重复收取材料费，并超出规定价格收取部分"
                "护理费和床位费，造成医保基金损失{amount}元。阿里地区医疗保障局依据《医疗保障基金使用监督管理条例》"
                "第三十八条，责令该院退回医保基金{returned}元，处罚款{fine}元，约谈医院负责人并责令整改。"
                "罚没款已全部缴纳。"
            ),
            summary_en=(
                "In a national flying inspection of the fund, the inspection team found that {period} the "
                "hospital charged materials twice for the same test and charged some nursing and bed fees above "
                "the set price, causing the fund a loss of {amount} yuan. Under Article 38 of the {regulation}, the "
                "Ngari Prefecture Medical Security Bureau ordered it to return {returned} yuan, fined it {fine} "
                "yuan, interviewed the hospital's head and ordered it to rectify. The money has been paid in full."
            ),
            facts_bo=(
                "རྒྱལ་ཡོངས་ཀྱི་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་གྱི་བརྡ་མེད་གློ་བུར་ཞིབ་བཤེར་སྐབས། ཞིབ་བཤེར་ཚོ་ཆུང་གིས་སྨན་ཁང་"
                "འདིས་ {period}ཞིབ་བཤེར་ཐེངས་གཅིག་ལ་ཡོ་བྱད་ཀྱི་གླ་ཆ་བསྐྱར་ཟློས་སུ་བླངས་པ་དང་། འཚོ་སྐྱོང་དང་ཉལ་ཁྲིའི་གླ་ཆ་"
                "ཁ་ཤས་ཚད་གཞི་ལས་བརྒལ་ནས་བླངས་ཏེ། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་གྱོང་གུན་བཟོས་པ་རྙེད།"
            ),
        ),
        _case(
            region="640300", published="2026-01-20",
            institution=("吴忠市示例血液透析门诊部", "", "Wuzhong Sample Haemodialysis Outpatient Department"),
            institution_type=T.OUTPATIENT_DEPARTMENT,
            title=("吴忠市示例血液透析门诊部虚记透析次数、伪造治疗记录骗取医保基金案", "",
                   ("Wuzhong Sample Haemodialysis Outpatient Department: dialysis sessions invented and records "
                   "forged")),
            categories=(V.FICTITIOUS_SERVICES, V.FORGED_RECORDS), clue=C.BIG_DATA,
            period=("2024-03", "2025-06"), amount="1357820.00", basis=B.ART_40, handling=H.BOTH,
            returned="600000.00", multiple="2", terminated=True, police=True, execution=E.IN_PROGRESS,
            decision="吴医保罚〔2026〕1号",
            summary_zh=(
                "吴忠市医疗保障局通过大数据筛查发现，该门诊部部分透析病人的透析次数明显超出临床常规。经查，该门诊部"
                "{period}通过虚记血液透析次数、伪造透析治疗记录等方式虚构医药服务项目，骗取医保基金{amount}元。"
                "市医疗保障局依据《医疗保障基金使用监督管理条例》第四十条，责令该门诊部退回医保基金，处{multiple}倍"
                "罚款{fine}元；医保经办机构解除该门诊部医保服务协议；相关线索已移送公安机关。目前已追回医保基金"
                "{returned}元，其余款项正在追缴中。"
            ),
            summary_en=(
                "Big-data screening by the Wuzhong Medical Security Bureau showed some of the outpatient "
                "department's dialysis patients with far more sessions than clinical practice would explain. The "
                "investigation found that {period} it recorded haemodialysis sessions that never took place and "
                "forged treatment records, obtaining {amount} yuan from the fund by fraud. Under Article 40 of "
                "the {regulation}, the bureau ordered it to return the money and fined it {times} that "
                "amount, {fine} yuan; the handling agency terminated its service agreement and the case has been "
                "referred to the police. {returned} yuan has been recovered so far; the rest is being recovered."
            ),
            facts_bo="",
        ),
        _case(
            region="540100", published="2026-04-14",
            institution=("拉萨市示例药品零售店", "ལྷ་ས་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྨན་སིལ་ཚོང་ཁང",
                         "Lhasa Sample Drug Retail Store"),
            institution_type=T.PHARMACY,
            title=("拉萨市示例药品零售店串换药品违规使用医保基金案",
                   ("ལྷ་ས་གྲོང་ཁྱེར་དཔེ་གཞིའི་སྨན་སིལ་ཚོང་ཁང་གིས་སྨན་སྣ་བརྗེ་སྒྱུར་བྱས་ཏེ་སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་སྒྲིག་འགལ་"
                   "ངང་བཀོལ་བའི་ཉེས་དོན"),
                   "Lhasa Sample Drug Retail Store: other goods settled as listed medicines"),
            categories=(V.ITEM_SUBSTITUTION,), clue=C.TRACEABILITY_CODES,
            period=("2025-01", "2025-10"), amount="74326.80", basis=B.ART_38, handling=H.BOTH,
            returned=True, multiple="1.5", days=90, rectification=True, execution=E.COMPLETE,
            decision="拉医保罚〔2026〕2号",
            summary_zh=(
                "拉萨市医疗保障局通过药品追溯码比对发现，该店医保结算的药品数量与其进货数量不符。经查，该店{period}"
                "将保健食品、医疗器械等以医保目录内药品名义串换结算，造成医保基金损失{amount}元。市医疗保障局依据"
                "《医疗保障基金使用监督管理条例》第三十八条，责令该店退回医保基金{returned}元，处{multiple}倍罚款"
                "{fine}元，责令整改；医保经办机构暂停该店医保服务协议{days}日。罚没款已全部缴纳。"
            ),
            summary_en=(
                "Comparing drug traceability codes, the Lhasa Medical Security Bureau found that the quantities "
                "of medicines the store settled with the fund did not match its purchases. The investigation found "
                "that {period} it settled health foods, medical devices and other goods as medicines on the "
                "fund's list, causing the fund a loss of {amount} yuan. Under Article 38 of the {regulation}, the "
                "bureau ordered it to return {returned} yuan, fined it {times} the loss, {fine} yuan, and "
                "ordered it to rectify; the handling agency suspended its service agreement for {days} days. The "
                "money has been paid in full."
            ),
            facts_bo=(
                "ལྷ་ས་གྲོང་ཁྱེར་སྨན་བཅོས་འགན་སྲུང་ཅུས་ཀྱིས་སྨན་རྫས་རྗེས་འདེད་ཨང་རྟགས་བསྡུར་ཞིབ་བྱས་པར། ཚོང་ཁང་འདིས་རྩིས་"
                "སྒྲིག་བྱས་པའི་སྨན་གྱི་གྲངས་འབོར་ཉོ་སྒྲུབ་གྲངས་འབོར་དང་མི་མཐུན་པ་རྙེད། ཞིབ་དཔྱད་བྱས་པར། ཚོང་ཁང་འདིས་ {period}"
                "འཕྲོད་བསྟེན་ཟས་རིགས་དང་སྨན་བཅོས་ཡོ་བྱད་སོགས་ཐོ་གཞུང་ནང་གི་སྨན་གྱི་མིང་ཐོག་བརྗེ་སྒྱུར་བྱས་ཏེ་རྩིས་སྒྲིག་བྱས་"
                "ནས། སྨན་བཅོས་འགན་བཅོལ་མ་དངུལ་ལ་སྒོར་ {amount} ཡི་གྱོང་གུན་བཟོས།"
            ),
        ),
        _case(
            region="640500", published="2026-06-16",
            institution=("中卫市示例诊所", "", "Zhongwei Sample Clinic"),
            institution_type=T.CLINIC,
            title=("中卫市示例诊所以免费体检为名虚构诊疗、诱导冒名就医骗取医保基金案", "",
                   "Zhongwei Sample Clinic: “free check-ups” used to bill fictitious treatment"),
            categories=(V.FICTITIOUS_SERVICES, V.INDUCED_IMPERSONATION), clue=C.OTHER,
            period=("2025-02", "2025-11"), amount="42680.00", basis=B.ART_40, handling=H.BOTH,
            multiple="3", terminated=True, police=True, execution=E.IN_PROGRESS,
            decision="卫医保罚〔2026〕5号",
            summary_zh=(
                "根据媒体报道反映的线索，中卫市医疗保障局对该诊所开展调查。经查，该诊所{period}以“免费体检”为名收集"
                "中老年参保人医保凭证，在其未就诊的情况下虚构诊疗项目结算，并诱导部分参保人将医保凭证交由诊所统一"
                "使用，骗取医保基金{amount}元。市医疗保障局依据《医疗保障基金使用监督管理条例》第四十条，责令该诊所"
                "退回医保基金，处{multiple}倍罚款{fine}元；医保经办机构解除该诊所医保服务协议；相关线索已移送公安"
                "机关。目前案款正在追缴中。"
            ),
            summary_en=(
                "Acting on a media report, the Zhongwei Medical Security Bureau investigated the clinic. It found "
                "that {period} the clinic collected older insured people's insurance cards under the name of "
                "“free check-ups”, billed treatment they never received, and persuaded some of them to leave "
                "their cards with the clinic, obtaining {amount} yuan from the fund by fraud. Under Article 40 of "
                "the {regulation}, the bureau ordered it to return the money and fined it {times} that "
                "amount, {fine} yuan; the handling agency terminated its service agreement and the case has been "
                "referred to the police. Recovery is in progress."
            ),
            facts_bo="",
        ),
    ]
    return sorted(cases, key=lambda case: case.published_on)
