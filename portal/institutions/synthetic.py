"""A synthetic register of designated medical institutions and pharmacies (定点医药机构) for the
demo: deterministic, always marked sample_data=yes. Not a list of any real institution.

Every institution is invented and says so in its name (示例 / Sample / དཔེ་གཞི) and address. The
register has about 300 entries across the demo regions (portal.funds.synthetic.DEMO_REGIONS),
roughly in proportion to the insured population each region serves itself (a city's figure
includes its demo counties, so those are taken off), with at least eight in every region; all
institution types, hospital grades from 3a in the capitals to 1 and ungraded private hospitals,
and every agreement status (about 90% active, 6% suspended, 4% terminated).

Tibetan names are given for the Tibet regions only (Ningxia rows leave name_bo blank). They are
translation drafts built from the site's vocabulary (translations/bo: སྨན་ཁང hospital,
སིལ་ཚོང་སྨན་ཚོང་ཁང retail pharmacy, སྨན་བཅོས་ཁང clinic, དཔེ་གཞི sample) and need a native
speaker's review.

    python -m portal.institutions.synthetic > disclosures/institutions/sample-synthetic.csv

Annual cost reports of the same institutions, equally synthetic (`cost_rows`, see the notes
there), one file a year:

    python -m portal.institutions.synthetic costs 2024 > disclosures/costs/sample-2024.csv

and what they paid for common drugs and consumables (`price_rows`, see the notes there):

    python -m portal.institutions.synthetic prices 2024 > disclosures/prices/sample-2024.csv
"""
from __future__ import annotations

import calendar
import csv
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from portal.cases.synthetic import REGION_NAMES
from portal.funds.synthetic import DEMO_REGIONS
from portal.institutions.columns import (
    COST_COLUMNS,
    INSTITUTION_COLUMNS,
    PRICE_COLUMNS,
    SHARE_COLUMNS,
    AgreementStatus,
    InstitutionLevel,
    Ownership,
)
from portal.institutions.kinds import InstitutionType

SOURCE = "示例数据（合成，非真实名单） Sample data (synthetic)"
DATA_AS_OF = date(2025, 12, 31)
TOTAL = 300
MINIMUM_PER_REGION = 8
SUSPENDED_SHARE = 0.06
TERMINATED_SHARE = 0.04

T, L = InstitutionType, InstitutionLevel
CITY, CAPITAL, DISTRICT, COUNTY = "city", "capital", "district", "county"

# Region code: short English name (as in "Yanchi Sample People's Hospital") and kind of region,
# in the order of disclosures/regions.csv. Names in Chinese and Tibetan: REGION_NAMES.
REGIONS = {
    "640100": ("Yinchuan", CAPITAL), "640200": ("Shizuishan", CITY), "640205": ("Huinong", DISTRICT),
    "640300": ("Wuzhong", CITY), "640323": ("Yanchi", COUNTY), "640381": ("Qingtongxia", COUNTY),
    "640500": ("Zhongwei", CITY), "640502": ("Shapotou", DISTRICT), "640521": ("Zhongning", COUNTY),
    "540100": ("Lhasa", CAPITAL), "542500": ("Ngari", CITY), "542522": ("Zanda", COUNTY),
}
# Cities whose DEMO_REGIONS figure includes demo counties registered on their own.
CITY_COUNTIES = {"640200": ("640205",), "640300": ("640323", "640381"), "640500": ("640502", "640521"),
                 "542500": ("542522",)}
SMALL_REGION = 100_000  # insured people; a county this small has a grade lower hospital


def _tibet(region_code: str) -> bool:
    return region_code.startswith("54")


# Share of each type in a region's register, and the least number of each: many pharmacies and
# clinics, fewer hospitals; counties have more township health centres, cities more hospitals.
TYPE_SHARES = {
    CITY: {T.HOSPITAL: 0.13, T.COMMUNITY_HEALTH_CENTRE: 0.11, T.OUTPATIENT_DEPARTMENT: 0.09,
           T.CLINIC: 0.25, T.PHARMACY: 0.42},
    COUNTY: {T.HOSPITAL: 0.10, T.COMMUNITY_HEALTH_CENTRE: 0.18, T.OUTPATIENT_DEPARTMENT: 0.05,
             T.CLINIC: 0.25, T.PHARMACY: 0.42},
}
TYPE_MINIMUM = {T.HOSPITAL: 1, T.COMMUNITY_HEALTH_CENTRE: 1, T.OUTPATIENT_DEPARTMENT: 0, T.CLINIC: 1,
                T.PHARMACY: 2}

# Invented trade names: (zh, en, bo); bo only where a Tibet region uses them.
NINGXIA_TRADES = (
    ("康宁", "Kangning"), ("仁和", "Renhe"), ("济民", "Jimin"), ("安泰", "Antai"), ("惠民", "Huimin"),
    ("益康", "Yikang"), ("永安", "Yong'an"), ("福康", "Fukang"), ("德济", "Deji"), ("春晖", "Chunhui"),
    ("和顺", "Heshun"), ("嘉禾", "Jiahe"), ("瑞康", "Ruikang"), ("长青", "Changqing"),
)
TIBET_TRADES = (
    ("扎西", "Tashi", "བཀྲ་ཤིས"), ("德吉", "Dekyi", "བདེ་སྐྱིད"), ("格桑", "Kelsang", "སྐལ་བཟང"),
    ("雪域", "Snowland", "གངས་ཅན"), ("日光", "Sunlight", "ཉི་འོད"), ("彩虹", "Rainbow", "འཇའ་ཚོན"),
)

# Placeholders for invented subdistricts, towns and townships (甲镇, Town A, གྲོང་རྡལ་ཀ).
PLACE_ZH = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
PLACE_EN = "ABCDEFGHIJKLMNOPQRSTUV"
PLACE_BO = ("ཀ", "ཁ", "ག", "ང", "ཅ", "ཆ", "ཇ", "ཉ", "ཏ", "ཐ", "ད", "ན", "པ", "ཕ", "བ", "མ", "ཙ", "ཚ",
            "ཛ", "ཝ", "ཞ", "ཟ")
STREETS = ("示例路", "示例大街", "示例东路", "示例西路", "示例南街", "示例北街", "示例中心街")


@dataclass(frozen=True)
class Kind:
    """A kind of name: Chinese, English and Tibetan after the region and 示例 / Sample / དཔེ་གཞིའི,
    with {t} for a trade name where there is one; the grades it may carry, best first or as
    choices; its ownership."""

    zh: str
    en: str
    bo: str
    levels: tuple[str, ...] = ("",)
    ownership: Ownership = Ownership.PUBLIC


# Public hospitals in the order a region has them: (kind, grade in a capital, in another city).
CITY_HOSPITALS = (
    (Kind("第一人民医院", "No. 1 People's Hospital", "མི་དམངས་སྨན་ཁང་ཨང་ 1 པ"), L.GRADE_3A, L.GRADE_3A),
    (Kind("中医医院", "TCM Hospital", "རྒྱ་སྨན་སྨན་ཁང"), L.GRADE_3A, L.GRADE_3B),
    (Kind("第二人民医院", "No. 2 People's Hospital", "མི་དམངས་སྨན་ཁང་ཨང་ 2 པ"), L.GRADE_3A, L.GRADE_3B),
    (Kind("妇幼保健院", "Maternal and Child Health Hospital", "མ་དང་བྱིས་པའི་འཕྲོད་བསྟེན་སྨན་ཁང"),
     L.GRADE_3B, L.GRADE_2A),
    (Kind("第三医院", "No. 3 Hospital", "སྨན་ཁང་ཨང་ 3 པ"), L.GRADE_2A, L.GRADE_2A),
)
# (kind, grade in a county, in a small county)
COUNTY_HOSPITALS = (
    (Kind("人民医院", "People's Hospital", "མི་དམངས་སྨན་ཁང"), L.GRADE_2A, L.GRADE_2B),
    (Kind("中医医院", "TCM Hospital", "རྒྱ་སྨན་སྨན་ཁང"), L.GRADE_2A, L.GRADE_1A),
    (Kind("妇幼保健院", "Maternal and Child Health Hospital", "མ་དང་བྱིས་པའི་འཕྲོད་བསྟེན་སྨན་ཁང"),
     L.GRADE_2B, L.GRADE_1A),
)
TIBETAN_MEDICINE_HOSPITAL = Kind("藏医医院", "Tibetan Medicine Hospital", "བོད་སྨན་སྨན་ཁང")
PRIVATE_HOSPITALS = (
    Kind("{t}康复医院", "{t} Rehabilitation Hospital", "{t}་སླར་གསོ་སྨན་ཁང", (L.GRADE_2B, L.GRADE_1A, "")),
    Kind("{t}眼科医院", "{t} Eye Hospital", "{t}་མིག་ནད་སྨན་ཁང", (L.GRADE_2, L.GRADE_1A, L.UNGRADED)),
    Kind("{t}口腔医院", "{t} Stomatological Hospital", "{t}་སོ་ནད་སྨན་ཁང", (L.GRADE_1A, L.GRADE_1, "")),
    Kind("{t}骨科医院", "{t} Orthopaedic Hospital", "{t}་རུས་ཚིགས་སྨན་ཁང", (L.GRADE_2B, L.GRADE_1A)),
    Kind("{t}综合医院", "{t} General Hospital", "{t}་ཕྱོགས་བསྡུས་སྨན་ཁང",
         (L.GRADE_2C, L.GRADE_1A, L.GRADE_1B, L.UNGRADED)),
    Kind("{t}肛肠医院", "{t} Anorectal Hospital", "{t}་རྒྱུ་མ་དང་གཞང་ལམ་སྨན་ཁང", (L.GRADE_1A, L.GRADE_1B)),
)
NINGXIA_PRIVATE_HOSPITALS = (
    Kind("{t}中西医结合医院", "{t} Integrated Medicine Hospital", "", (L.GRADE_2, L.GRADE_1A, L.GRADE_1C)),
    Kind("{t}老年病医院", "{t} Geriatric Hospital", "", (L.GRADE_1, L.GRADE_1C, L.UNGRADED)),
)
TIBET_PRIVATE_HOSPITALS = (
    Kind("{t}藏医医院", "{t} Tibetan Medicine Hospital", "{t}་བོད་སྨན་སྨན་ཁང", (L.GRADE_1A, L.UNGRADED)),
)

NINGXIA_CLINICS = (
    Kind("{t}中医诊所", "{t} TCM Clinic", ""), Kind("{t}口腔诊所", "{t} Dental Clinic", ""),
    Kind("{t}内科诊所", "{t} Internal Medicine Clinic", ""), Kind("{t}综合诊所", "{t} General Clinic", ""),
    Kind("{t}中西医结合诊所", "{t} Integrated Medicine Clinic", ""),
    Kind("{t}儿科诊所", "{t} Paediatric Clinic", ""),
)
TIBET_CLINICS = (
    Kind("{t}藏医诊所", "{t} Tibetan Medicine Clinic", "{t}་བོད་སྨན་སྨན་བཅོས་ཁང"),
    Kind("{t}口腔诊所", "{t} Dental Clinic", "{t}་སོ་ནད་སྨན་བཅོས་ཁང"),
    Kind("{t}综合诊所", "{t} General Clinic", "{t}་ཕྱོགས་བསྡུས་སྨན་བཅོས་ཁང"),
    Kind("{t}内科诊所", "{t} Internal Medicine Clinic", "{t}་ནང་ནད་སྨན་བཅོས་ཁང"),
    Kind("{t}中医诊所", "{t} TCM Clinic", "{t}་རྒྱ་སྨན་སྨན་བཅོས་ཁང"),
)
NINGXIA_OUTPATIENT = (
    Kind("{t}综合门诊部", "{t} General Outpatient Department", ""),
    Kind("{t}口腔门诊部", "{t} Dental Outpatient Department", ""),
    Kind("{t}中医门诊部", "{t} TCM Outpatient Department", ""),
    Kind("{t}血液透析门诊部", "{t} Haemodialysis Outpatient Department", ""),
)
TIBET_OUTPATIENT = (
    Kind("{t}综合门诊部", "{t} General Outpatient Department", "{t}་ཕྱོགས་བསྡུས་ཕྱི་ནད་སྨན་བཅོས་ཁང"),
    Kind("{t}口腔门诊部", "{t} Dental Outpatient Department", "{t}་སོ་ནད་ཕྱི་ནད་སྨན་བཅོས་ཁང"),
    Kind("{t}藏医门诊部", "{t} Tibetan Medicine Outpatient Department", "{t}་བོད་སྨན་ཕྱི་ནད་སྨན་བཅོས་ཁང"),
)

# Community and township health centres, {p} for the invented place.
COMMUNITY = Kind("示例{p}街道社区卫生服务中心", "Subdistrict {p} Community Health Service Centre",
                 "སྡོད་ཁུལ་{p}་འཕྲོད་བསྟེན་ཞབས་ཞུ་ལྟེ་གནས", (L.GRADE_1A, L.GRADE_1A, L.GRADE_1B, L.GRADE_1, ""))
CENTRAL_TOWN = Kind("示例{p}镇中心卫生院", "Town {p} Central Health Centre",
                    "གྲོང་རྡལ་{p}་ལྟེ་བའི་འཕྲོད་བསྟེན་ཁང", (L.GRADE_2B, L.GRADE_1A, L.GRADE_1A))
TOWN = Kind("示例{p}镇卫生院", "Town {p} Health Centre", "གྲོང་རྡལ་{p}་འཕྲོད་བསྟེན་ཁང",
            (L.GRADE_1A, L.GRADE_1B, L.GRADE_1, "", L.UNGRADED))
TOWNSHIP = Kind("示例{p}乡卫生院", "Township {p} Health Centre", "ཤང་{p}་འཕྲོད་བསྟེན་ཁང",
                (L.GRADE_1B, L.GRADE_1, "", L.UNGRADED))
HEALTH_CENTRES = {
    CAPITAL: (COMMUNITY, COMMUNITY, TOWN, COMMUNITY, TOWNSHIP),
    CITY: (COMMUNITY, COMMUNITY, TOWN, COMMUNITY, TOWNSHIP),
    DISTRICT: (COMMUNITY, TOWN, COMMUNITY, TOWNSHIP),
    COUNTY: (CENTRAL_TOWN, TOWNSHIP, TOWN, COMMUNITY, TOWNSHIP),
}

PHARMACY_CHAIN = Kind("大药房（第{n}店）", "Pharmacy (Store {n})", "སིལ་ཚོང་སྨན་ཚོང་ཁང་ཡན་ལག་ཨང་ {n} པ")
TRADE_CHAIN = Kind("{t}大药房（第{n}店）", "{t} Pharmacy (Store {n})",
                   "{t}་སིལ་ཚོང་སྨན་ཚོང་ཁང་ཡན་ལག་ཨང་ {n} པ")
TRADE_SHOP = Kind("{t}药店", "{t} Drugstore", "{t}་སྨན་ཚོང་ཁང")
PHARMACY_CHAIN_SHARE = 0.4
# Ownership of clinics and outpatient departments, and of pharmacies (most are private for-profit).
PRACTICE_OWNERSHIP = ((Ownership.PRIVATE_FORPROFIT, 0.8), (Ownership.PRIVATE_NONPROFIT, 0.15), (Ownership.PUBLIC, 0.05))
PHARMACY_OWNERSHIP = ((Ownership.PRIVATE_FORPROFIT, 0.94), (Ownership.PUBLIC, 0.04),
                      (Ownership.PRIVATE_NONPROFIT, 0.02))


def _own_population() -> dict[str, int]:
    """Insured people each region serves itself: a city without its demo counties."""
    own = dict(DEMO_REGIONS)
    for city, counties in CITY_COUNTIES.items():
        own[city] -= sum(DEMO_REGIONS[county] for county in counties)
    return own


def _apportion(weights: dict, total: int, minimum: dict) -> dict:
    """`total` split in proportion to `weights` (largest remainder), each at least its minimum."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: max(minimum[key], int(value)) for key, value in exact.items()}
    while sum(counts.values()) < total:
        counts[max(exact, key=lambda key: exact[key] - counts[key])] += 1
    while sum(counts.values()) > total:
        reducible = [key for key in counts if counts[key] > minimum[key]]
        counts[min(reducible, key=lambda key: exact[key] - counts[key])] -= 1
    return counts


def region_counts(total: int = TOTAL) -> dict[str, int]:
    """Institutions per demo region: about proportional to population, at least eight."""
    population = _own_population()
    return _apportion({code: population[code] for code in REGIONS}, total,
                      {code: MINIMUM_PER_REGION for code in REGIONS})


@dataclass(frozen=True)
class _Entry:
    type: InstitutionType
    zh: str
    en: str
    bo: str
    level: str
    ownership: Ownership
    address: str


def _name(kind: Kind, region_code: str, trade: tuple = (), **fields) -> tuple[str, str, str]:
    zh_region, bo_region, _ = REGION_NAMES[region_code]
    en_region = REGIONS[region_code][0]
    zh = kind.zh.format(t=trade[0] if trade else "", **{k: v[0] for k, v in fields.items()})
    en = kind.en.format(t=trade[1] if trade else "", **{k: v[1] for k, v in fields.items()})
    bo = kind.bo.format(t=trade[2] if len(trade) > 2 else "", **{k: v[2] for k, v in fields.items()})
    zh = zh if zh.startswith("示例") else "示例" + zh
    return (f"{zh_region}{zh}", f"{en_region} Sample {en}",
            f"{bo_region}་དཔེ་གཞིའི་{bo}" if _tibet(region_code) and bo else "")


def _address(generator: random.Random, region_code: str, place: str = "") -> str:
    zh_region = REGION_NAMES[region_code][0]
    street = generator.choice(STREETS)
    return f"{zh_region}{place}{street}{generator.randint(1, 320)}号"


def _ownership(generator: random.Random, shares: tuple[tuple[Ownership, float], ...]) -> Ownership:
    """One ownership drawn with the given shares (the last takes what is left)."""
    draw = generator.random()
    for ownership, share in shares[:-1]:
        if draw < share:
            return ownership
        draw -= share
    return shares[-1][0]


def _private(generator: random.Random, nonprofit_share: float = 0.4) -> Ownership:
    return Ownership.PRIVATE_NONPROFIT if generator.random() < nonprofit_share else Ownership.PRIVATE_FORPROFIT


def _hospitals(generator, region_code, count, trades) -> list[_Entry]:
    kind_of_region = REGIONS[region_code][1]
    small = DEMO_REGIONS[region_code] < SMALL_REGION
    public = []
    if kind_of_region in (CITY, CAPITAL):
        for kind, capital_level, city_level in CITY_HOSPITALS:
            public.append((kind, capital_level if kind_of_region == CAPITAL else city_level))
    else:
        for kind, county_level, small_level in COUNTY_HOSPITALS:
            public.append((kind, small_level if small else county_level))
    if _tibet(region_code):  # the Tibetan medicine hospital takes the place of the TCM hospital
        public = [(TIBETAN_MEDICINE_HOSPITAL if kind.en == "TCM Hospital" else kind, level)
                  for kind, level in public]
    if kind_of_region == DISTRICT:  # a district's people go to the city's hospitals
        public = public[:1]
    entries = []
    for kind, level in public[:count]:
        zh, en, bo = _name(kind, region_code)
        entries.append(_Entry(T.HOSPITAL, zh, en, bo, level, Ownership.PUBLIC, _address(generator, region_code)))
    private_kinds = PRIVATE_HOSPITALS + (TIBET_PRIVATE_HOSPITALS if _tibet(region_code)
                                         else NINGXIA_PRIVATE_HOSPITALS)
    combinations = [(kind, trade) for kind in private_kinds for trade in trades]
    for kind, trade in generator.sample(combinations, count - len(entries)):
        zh, en, bo = _name(kind, region_code, trade)
        entries.append(_Entry(T.HOSPITAL, zh, en, bo, generator.choice(kind.levels), _private(generator),
                              _address(generator, region_code)))
    return entries


def _health_centres(generator, region_code, count) -> list[_Entry]:
    pattern = HEALTH_CENTRES[REGIONS[region_code][1]]
    entries = []
    for index in range(count):
        kind = pattern[index % len(pattern)]
        place = (PLACE_ZH[index], PLACE_EN[index], PLACE_BO[index])
        zh, en, bo = _name(kind, region_code, p=place)
        if kind is COMMUNITY:
            where = f"示例{place[0]}街道"
            ownership = Ownership.PRIVATE_NONPROFIT if generator.random() < 0.15 else Ownership.PUBLIC
        else:
            where = f"示例{place[0]}{'乡' if kind is TOWNSHIP else '镇'}"
            ownership = Ownership.PUBLIC
        entries.append(_Entry(T.COMMUNITY_HEALTH_CENTRE, zh, en, bo, generator.choice(kind.levels), ownership,
                              _address(generator, region_code, where)))
    return entries


def _small_practices(generator, region_code, count, trades, type_, kinds) -> list[_Entry]:
    """Clinics or outpatient departments: mostly private for-profit, no grade."""
    entries = []
    for kind, trade in generator.sample([(kind, trade) for kind in kinds for trade in trades], count):
        ownership = _ownership(generator, PRACTICE_OWNERSHIP)
        zh, en, bo = _name(kind, region_code, trade)
        entries.append(_Entry(type_, zh, en, bo, "", ownership, _address(generator, region_code)))
    return entries


def _store_numbers(generator, count) -> list[int]:
    return sorted(generator.sample(range(1, 3 * count + 6), count))


def _pharmacies(generator, region_code, count, trades) -> list[_Entry]:
    """A regional chain (示例大药房, numbered stores) has about 40%; the rest belong to invented
    trade names, a single shop (药店) or a small chain of numbered stores (大药房)."""
    chain = max(1, round(count * PHARMACY_CHAIN_SHARE))
    by_trade: dict[tuple, int] = {}
    for _ in range(count - chain):
        trade = generator.choice(trades)
        by_trade[trade] = by_trade.get(trade, 0) + 1
    names = [_name(PHARMACY_CHAIN, region_code, n=(n, n, n)) for n in _store_numbers(generator, chain)]
    for trade in trades:
        stores = by_trade.get(trade, 0)
        if stores == 1:
            names.append(_name(TRADE_SHOP, region_code, trade))
        elif stores:
            names += [_name(TRADE_CHAIN, region_code, trade, n=(n, n, n))
                      for n in _store_numbers(generator, stores)]
    entries = []
    for zh, en, bo in names:
        ownership = _ownership(generator, PHARMACY_OWNERSHIP)
        entries.append(_Entry(T.PHARMACY, zh, en, bo, "", ownership, _address(generator, region_code)))
    return entries


def _region_entries(region_code: str, count: int) -> list[_Entry]:
    generator = random.Random(int(region_code) * 17 + 4)
    kind_of_region = REGIONS[region_code][1]
    shares = TYPE_SHARES[CITY if kind_of_region in (CITY, CAPITAL) else COUNTY]
    per_type = _apportion(shares, count, TYPE_MINIMUM)
    tibet = _tibet(region_code)
    trades = TIBET_TRADES if tibet else NINGXIA_TRADES
    return [
        *_hospitals(generator, region_code, per_type[T.HOSPITAL], trades),
        *_health_centres(generator, region_code, per_type[T.COMMUNITY_HEALTH_CENTRE]),
        *_small_practices(generator, region_code, per_type[T.OUTPATIENT_DEPARTMENT], trades,
                          T.OUTPATIENT_DEPARTMENT, TIBET_OUTPATIENT if tibet else NINGXIA_OUTPATIENT),
        *_small_practices(generator, region_code, per_type[T.CLINIC], trades, T.CLINIC,
                          TIBET_CLINICS if tibet else NINGXIA_CLINICS),
        *_pharmacies(generator, region_code, per_type[T.PHARMACY], trades),
    ]


def _random_date(generator: random.Random, first: date, last: date) -> date:
    return date.fromordinal(generator.randint(first.toordinal(), last.toordinal()))


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _statuses(entries: list[_Entry], generator: random.Random) -> list[tuple[str, str, str]]:
    """(agreement_status, status_from, status_until) for each entry. Suspensions and
    terminations fall on private institutions and small public practices, not on public
    hospitals and health centres; a suspension began in 2025 and still runs at DATA_AS_OF."""
    eligible = [index for index, entry in enumerate(entries)
                if not (entry.ownership == Ownership.PUBLIC
                        and entry.type in (T.HOSPITAL, T.COMMUNITY_HEALTH_CENTRE))]
    suspended_count = round(len(entries) * SUSPENDED_SHARE)
    terminated_count = round(len(entries) * TERMINATED_SHARE)
    chosen = generator.sample(eligible, suspended_count + terminated_count)
    suspended, terminated = set(chosen[:suspended_count]), set(chosen[suspended_count:])
    result = []
    for index in range(len(entries)):
        if index in suspended:
            months = generator.choice((3, 6, 6, 12))
            earliest = max(date(2025, 1, 1), _add_months(DATA_AS_OF, -months) + timedelta(days=2))
            since = _random_date(generator, earliest, date(2025, 12, 15))
            until = _add_months(since, months) - timedelta(days=1)
            result.append((AgreementStatus.SUSPENDED.value, since.isoformat(), until.isoformat()))
        elif index in terminated:
            since = _random_date(generator, date(2020, 3, 1), date(2025, 12, 15))
            result.append((AgreementStatus.TERMINATED.value, since.isoformat(), ""))
        else:
            since = _random_date(generator, date(2019, 1, 1), date(2024, 12, 31))
            result.append((AgreementStatus.ACTIVE.value, since.isoformat(), ""))
    return result


def register_rows() -> list[dict[str, str]]:
    """The demo's synthetic register, one dict of CSV cells per institution, in the order of
    INSTITUTION_COLUMNS; by region (as disclosures/regions.csv orders them), then by code."""
    rows: list[dict[str, str]] = []
    entries: list[tuple[str, str, _Entry]] = []
    for region_code, count in region_counts().items():
        region_entries = _region_entries(region_code, count)
        serials = sorted(random.Random(int(region_code)).sample(range(1, max(300, 12 * count)),
                                                                 len(region_entries)))
        for serial, entry in zip(serials, region_entries):
            letter = "P" if entry.type == T.PHARMACY else "H"
            entries.append((f"{letter}{region_code}{serial:05d}", region_code, entry))
    statuses = _statuses([entry for _, _, entry in entries], random.Random(20251231))
    for (code, region_code, entry), (status, since, until) in zip(entries, statuses):
        rows.append({
            "national_code": code, "name_zh": entry.zh, "name_bo": entry.bo, "name_en": entry.en,
            "type": entry.type.value, "level": str(entry.level), "ownership": entry.ownership.value,
            "region_code": region_code, "address_zh": entry.address, "agreement_status": status,
            "status_from": since, "status_until": until, "sample_data": "yes",
            "source_document": SOURCE, "data_as_of": DATA_AS_OF.isoformat(), "correction_reason": "",
        })
    return rows


def write_csv(rows: Iterable[dict], handle, columns=INSTITUTION_COLUMNS) -> int:
    writer = csv.DictWriter(handle, fieldnames=[column.name for column in columns], lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


# Annual cost reports (disclosures/costs.schema.md) of the register's institutions.
#
# Every institution has a profile drawn once from its code (random.Random("cost:<code>")): the
# size of its first year, its average costs, the part of its cost that is inpatient care, its
# cost structure and what the funds pay. Each year then draws, from its code and the year
# (random.Random("cost:<code>:<year>")), a growth of the total cost of 3-8% (prices 0.5-2%, the
# rest volume) and small changes of the shares; drug shares fall a little each year, as the
# policy intends. So a year's file does not depend on which other years were generated, and a
# year follows on from the one before.
#
# Total cost is what visits times cost per visit and admissions times cost per admission imply,
# plus other income (health checks, observation beds) of 0-15% in hospitals and health centres
# and 0-3% where everything is outpatient care, so the averages rule of check_cost_row holds.
# The five shares add up to exactly 100.00 (other is what is left). Clinics, outpatient
# departments and pharmacies have no inpatient figures (blank, not zero); a pharmacy's
# "outpatient visits" are its purchases by insured people, its shares are drugs and
# consumables, no tests or services, and it has no in-catalogue procedure share.
COST_SOURCE = "示例数据（合成，非真实统计） Sample data (synthetic)"
COST_YEARS = tuple(range(2021, DATA_AS_OF.year + 1))
PRICE_GROWTH = (0.005, 0.02)  # of the average costs a year
TOTAL_GROWTH = (0.03, 0.08)  # of the total cost a year
DRUG_SHARE_FALL = 0.5  # percentage points a year
DRUG_OUTLIER_SHARE = 0.2  # of hospitals with a drug share well above their peers'
DRUG_OUTLIER = (49.0, 58.0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostProfile:
    """Ranges a kind of institution's figures are drawn from: yuan, or percent for the shares.
    `total` is the range over all COST_YEARS; the first year draws from its lower part so that
    growth keeps the last within it. No `per_admission`: no inpatient care."""

    total: tuple[float, float]
    per_visit: tuple[float, float]
    per_admission: tuple[float, float] | None = None
    inpatient: tuple[float, float] = (0.0, 0.0)  # part of the implied cost that is inpatient
    margin: tuple[float, float] = (0.0, 0.15)
    drugs: tuple[float, float] = (25.0, 40.0)
    consumables: tuple[float, float] = (8.0, 20.0)
    tests: tuple[float, float] = (15.0, 25.0)
    services: tuple[float, float] = (20.0, 35.0)
    other: tuple[float, float] = (2.0, 8.0)
    fund: tuple[float, float] = (45.0, 70.0)
    self_pay: tuple[float, float] = (3.0, 15.0)
    in_catalogue_drugs: tuple[float, float] = (75.0, 98.0)
    in_catalogue_procedures: tuple[float, float] | None = (80.0, 98.0)
    drug_outliers: bool = False  # some institutions with drug shares in DRUG_OUTLIER
    pharmacy: bool = False  # visits are purchases; drugs and consumables only; no falling drug share


MILLION = 1_000_000
_HOSPITAL = {"drug_outliers": True}
_OUTPATIENT = {"margin": (0.0, 0.03)}
HOSPITAL_PROFILES = {
    "3a": CostProfile((1000 * MILLION, 3000 * MILLION), (350, 500), (12_000, 20_000), (0.60, 0.72), **_HOSPITAL),
    "3": CostProfile((400 * MILLION, 1200 * MILLION), (280, 420), (9_000, 14_000), (0.58, 0.70), **_HOSPITAL),
    "2a": CostProfile((100 * MILLION, 400 * MILLION), (200, 300), (6_000, 9_000), (0.55, 0.68), **_HOSPITAL),
    "2": CostProfile((40 * MILLION, 150 * MILLION), (170, 260), (5_000, 7_500), (0.50, 0.65), **_HOSPITAL),
    "1": CostProfile((8 * MILLION, 40 * MILLION), (120, 200), (3_500, 6_000), (0.40, 0.60), **_HOSPITAL),
    "": CostProfile((5 * MILLION, 30 * MILLION), (120, 220), (3_000, 6_000), (0.40, 0.60), **_HOSPITAL),
}
# Health centres: much of primary care is drugs; the funds pay a larger part.
_CENTRE = {"drugs": (40.0, 55.0), "consumables": (5.0, 12.0), "tests": (10.0, 18.0),
           "services": (15.0, 30.0), "fund": (50.0, 72.0), "self_pay": (3.0, 8.0)}
CENTRE_PROFILES = {
    "2": CostProfile((8 * MILLION, 25 * MILLION), (100, 160), (3_000, 4_500), (0.30, 0.50), **_CENTRE),
    "": CostProfile((3 * MILLION, 15 * MILLION), (80, 150), (2_500, 4_000), (0.20, 0.45), **_CENTRE),
}
CLINIC_PROFILE = CostProfile((0.3 * MILLION, 3 * MILLION), (60, 150), drugs=(35.0, 55.0), consumables=(5.0, 12.0),
                             tests=(3.0, 10.0), services=(25.0, 40.0), fund=(30.0, 55.0), **_OUTPATIENT)
OUTPATIENT_PROFILE = CostProfile((0.5 * MILLION, 5 * MILLION), (150, 350), drugs=(25.0, 45.0), tests=(10.0, 20.0),
                                 services=(25.0, 40.0), fund=(40.0, 65.0), **_OUTPATIENT)
DENTAL_PROFILE = CostProfile((0.5 * MILLION, 5 * MILLION), (200, 450), drugs=(5.0, 15.0), consumables=(20.0, 35.0),
                             tests=(3.0, 8.0), services=(45.0, 60.0), fund=(20.0, 45.0), self_pay=(8.0, 15.0),
                             **_OUTPATIENT)
DIALYSIS_PROFILE = CostProfile((1 * MILLION, 5 * MILLION), (400, 550), drugs=(15.0, 25.0), consumables=(25.0, 40.0),
                               tests=(8.0, 15.0), services=(30.0, 45.0), fund=(55.0, 70.0), self_pay=(3.0, 6.0),
                               **_OUTPATIENT)
PHARMACY_PROFILE = CostProfile((0.5 * MILLION, 8 * MILLION), (50, 120), drugs=(85.0, 95.0), consumables=(0.0, 0.0),
                               tests=(0.0, 0.0), services=(0.0, 0.0), other=(0.0, 3.0), fund=(20.0, 50.0),
                               self_pay=(5.0, 15.0), in_catalogue_procedures=None, pharmacy=True,
                               **_OUTPATIENT)


def cost_profile(institution: dict[str, str]) -> CostProfile:
    """The ranges for a register row: by type; for hospitals by grade (3a and 2a on their own,
    other grades by level, ungraded and blank alike), for health centres level 2 or lower; for
    practices dental and dialysis care apart."""
    type_, level, name = institution["type"], institution["level"], institution["name_en"]
    grade = "" if level == L.UNGRADED else level
    if type_ == T.PHARMACY:
        return PHARMACY_PROFILE
    if type_ in (T.CLINIC, T.OUTPATIENT_DEPARTMENT):
        general = CLINIC_PROFILE if type_ == T.CLINIC else OUTPATIENT_PROFILE
        if "Dental" in name:  # the size of other practices of its type
            return replace(DENTAL_PROFILE, total=general.total)
        if "Haemodialysis" in name:
            return DIALYSIS_PROFILE
        return general
    if type_ == T.COMMUNITY_HEALTH_CENTRE:
        return CENTRE_PROFILES["2" if grade.startswith("2") else ""]
    profile = HOSPITAL_PROFILES[grade if grade in HOSPITAL_PROFILES else grade[:1]]
    if "Stomatological" in name:  # dental care: few drugs, many consumables
        return replace(profile, drugs=(8.0, 18.0), consumables=(18.0, 30.0), tests=(8.0, 15.0),
                       services=(35.0, 50.0), drug_outliers=False)
    return profile


def _cost_years_active(institution: dict[str, str]) -> range:
    """The years of COST_YEARS the institution reports for: a terminated agreement ends its
    reports after the year it was terminated in; a suspended one still reports."""
    last = COST_YEARS[-1]
    if institution["agreement_status"] == AgreementStatus.TERMINATED:
        last = min(last, date.fromisoformat(institution["status_from"]).year)
    return range(COST_YEARS[0], last + 1)


def _uniform(generator: random.Random, bounds: tuple[float, float]) -> float:
    return generator.uniform(*bounds)


def _first(generator: random.Random, bounds: tuple[float, float], wobble: float = 0.0, fall: float = 0.0) -> float:
    """A first-year value that stays within `bounds` in every year: at least `fall` (what it
    loses by the last year) plus `wobble` (a year's change either way) above the lower bound,
    `wobble` below the upper."""
    low, high = bounds[0] + wobble + fall, bounds[1] - wobble
    return generator.uniform(low, max(low, high))


def _grown(generator: random.Random, bounds: tuple[float, float], growth: float) -> float:
    """A first-year value low enough in `bounds` to stay within them after the most growth."""
    return generator.uniform(bounds[0], max(bounds[0], bounds[1] / (1 + growth) ** (len(COST_YEARS) - 1)))


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _percent(value: float) -> str:
    return f"{_money(value):.2f}"


def _year_generator(code: str, year: int) -> tuple[float, float, random.Random]:
    """Growth of the total cost and of prices into `year`, and the generator of the year's
    other draws."""
    generator = random.Random(f"cost:{code}:{year}")
    total_growth = _uniform(generator, TOTAL_GROWTH)
    return total_growth, _uniform(generator, PRICE_GROWTH), generator


def _shares(profile: CostProfile, drugs: float, generator: random.Random) -> list[int]:
    """The five shares in hundredths of a percent, adding up to exactly 10000: drugs as given,
    consumables, tests and services drawn and scaled to leave about the drawn other share,
    other what is left."""
    drugs_ = round(drugs * 100)
    if profile.pharmacy:
        other = round(_uniform(generator, profile.other) * 100)
        return [drugs_, 10000 - drugs_ - other, 0, 0, other]
    raw = [_uniform(generator, bounds) for bounds in (profile.consumables, profile.tests, profile.services)]
    room = 10000 - drugs_ - round(_uniform(generator, profile.other) * 100)
    scaled = [round(value * room / sum(raw)) for value in raw]
    return [drugs_, *scaled, 10000 - drugs_ - sum(scaled)]


SHARE_WOBBLE = 1.0  # percentage points a share moves either way from one year to the next
FUND_WOBBLE = 2.0


def _cost_row(institution: dict[str, str], year: int) -> dict[str, str]:
    code = institution["national_code"]
    profile = cost_profile(institution)
    # The institution's first year.
    base = random.Random(f"cost:{code}")
    first_total = _grown(base, profile.total, TOTAL_GROWTH[1])
    margin = _uniform(base, profile.margin)
    per_visit = _grown(base, profile.per_visit, PRICE_GROWTH[1])
    implied = first_total / (1 + margin)
    inpatient = _uniform(base, profile.inpatient)
    per_admission = _grown(base, profile.per_admission, PRICE_GROWTH[1]) if profile.per_admission else 0.0
    admissions = implied * inpatient / per_admission if profile.per_admission else 0.0
    visits = implied * (1 - inpatient) / per_visit
    outlier = profile.drug_outliers and base.random() < DRUG_OUTLIER_SHARE
    fall = 0.0 if profile.pharmacy else DRUG_SHARE_FALL
    drugs = _first(base, DRUG_OUTLIER if outlier else profile.drugs, SHARE_WOBBLE, fall * (len(COST_YEARS) - 1))
    in_catalogue_drugs = _first(base, profile.in_catalogue_drugs, SHARE_WOBBLE)
    in_catalogue_procedures = _first(base, profile.in_catalogue_procedures or (0.0, 0.0), SHARE_WOBBLE)
    fund = _first(base, profile.fund, FUND_WOBBLE)
    self_pay = _first(base, profile.self_pay, SHARE_WOBBLE)

    # Growth from the first year to this one, each year drawn from the code and that year.
    price_factor = volume_factor = 1.0
    for later in range(COST_YEARS[0] + 1, year + 1):
        total_growth, price_growth, _ = _year_generator(code, later)
        price_factor *= 1 + price_growth
        volume_factor *= (1 + total_growth) / (1 + price_growth)
    generator = _year_generator(code, year)[2]

    def wobble(value: float, amount: float = SHARE_WOBBLE) -> float:
        return value + generator.uniform(-amount, amount)

    visits_count = round(visits * volume_factor)
    visit_cost = _money(per_visit * price_factor)
    implied_cost = visits_count * visit_cost
    admission_cells = ("", "")
    if profile.per_admission:
        admissions_count = round(admissions * volume_factor)
        admission_cost = _money(per_admission * price_factor)
        implied_cost += admissions_count * admission_cost
        admission_cells = (str(admissions_count), f"{admission_cost:.2f}")
    total = _money(implied_cost * Decimal(str(1 + margin)))
    shares = _shares(profile, wobble(drugs - fall * (year - COST_YEARS[0])), generator)
    fund_payment = _money(total * Decimal(str(wobble(fund, FUND_WOBBLE))) / 100)
    procedures = wobble(in_catalogue_procedures)
    return {
        "national_code": code, "period": str(year), "total_cost": f"{total:.2f}",
        "outpatient_visits": str(visits_count), "outpatient_cost_per_visit": f"{visit_cost:.2f}",
        "admissions": admission_cells[0], "inpatient_cost_per_admission": admission_cells[1],
        **{name: f"{Decimal(share) / 100:.2f}" for name, share in zip(SHARE_COLUMNS, shares)},
        "in_catalogue_drug_share": _percent(wobble(in_catalogue_drugs)),
        "in_catalogue_procedure_share": _percent(procedures) if profile.in_catalogue_procedures else "",
        "fund_payment": f"{fund_payment:.2f}",
        "self_pay_share": _percent(wobble(self_pay)),
        "sample_data": "yes", "source_document": COST_SOURCE, "data_as_of": f"{year}-12-31",
        "correction_reason": "", "note_zh": "", "note_bo": "", "note_en": "",
    }


def cost_rows(year: int) -> list[dict[str, str]]:
    """Synthetic annual cost reports (period "YYYY") for `year`, one dict of CSV cells per
    institution of `register_rows()` whose agreement ran in that year, in the register's order
    and the order of COST_COLUMNS. Deterministic: seeded by institution code and year."""
    if year not in COST_YEARS:
        raise ValueError(f"cost reports are generated for {COST_YEARS[0]} to {COST_YEARS[-1]}, not {year}")
    return [_cost_row(institution, year) for institution in register_rows()
            if year in _cost_years_active(institution)]


# Purchase prices (disclosures/prices.schema.md) of the register's institutions.
#
# A fixed list of common drugs and consumables (PRICE_ITEMS), each with a base unit price in
# yuan for the first year and whether it is in a national or provincial volume-based
# procurement (集中带量采购) batch. The item codes follow the layout of the national medical
# insurance codes (a Western drug: X, its classification and serial numbers, 23 characters; a
# Chinese patent medicine: Z, 20 characters; a consumable: C and 26 digits) but are invented
# and name no real product; some consumables have none, as in real files.
#
# Every institution whose agreement ran in the year (the institutions of cost_rows) buys
# 8-15 items (fewer where its kind buys fewer, see _price_groups): what its kind uses, its
# specialty's items always among them (a dental practice the implant, an eye hospital the
# intraocular lens, a large public hospital the coronary stent and the hip prosthesis). Its
# items and what it pays for each relative to the base price (within +-30%, a year's change of
# at most 2% either way included) are drawn once from its code (random.Random("price:<code>")),
# so it buys the same items every year; the year's change from random.Random("price:<code>:<year>").
# A purchase of a centrally procured item is an outlier with a chance of 0.8% (about 20 rows a
# year in the sample files): the institution pays 2.2-2.8 times the base price, two to three
# times what its peers pay for the same item (the median), in every year. From one year to the next, centrally procured items get 0-8%
# cheaper (renewed batches), the others 0-3% dearer, the same for every institution
# (random.Random("price-item:<name>:<specification>:<year>")).
PRICE_SOURCE = "示例数据（合成，非真实采购价格） Sample data (synthetic)"
PRICE_YEARS = (2024, 2025)
PRICE_ITEM_COUNT = (8, 15)
PRICE_SPREAD = (0.72, 1.27)  # of the base price, by institution and item
PRICE_WOBBLE = 0.02  # a year's change either way, by institution and item
PRICE_OUTLIER_SHARE = 0.008  # of the purchases of centrally procured items
PRICE_OUTLIER = (2.2, 2.8)  # times the base price
CENTRALLY_PROCURED_CHANGE = (-0.08, 0.0)  # a year, every institution alike
OTHER_PRICE_CHANGE = (0.0, 0.03)
TENTH_OF_FEN = Decimal("0.0001")


@dataclass(frozen=True)
class PriceItem:
    name: str
    specification: str
    unit: str
    price: str  # base unit price in yuan in the first of PRICE_YEARS
    procured: bool  # in a centralised volume-based procurement batch
    group: str  # what kind of institution buys it: see _price_groups
    code: str = ""


# Groups: chronic (long-term oral drugs), antibiotic, analgesic (and other common symptomatic
# drugs), tcm (Chinese patent medicines), infusion (injections and infusions: not in
# pharmacies), consumable (everyday consumables), retail (sold in pharmacies and used in
# practices), and the specialty items cardiac, orthopaedic, eye, dialysis, dental.
PRICE_ITEMS = (
    PriceItem("阿莫西林胶囊", "0.25g×24粒", "盒", "4.8000", True, "antibiotic", "XJ01CAA040B001010182036"),
    PriceItem("头孢呋辛酯片", "0.25g×12片", "盒", "6.5200", True, "antibiotic", "XJ01DCT059A001010284117"),
    PriceItem("左氧氟沙星片", "0.5g×4片", "盒", "3.1500", True, "antibiotic", "XJ01MAZ022A001020176350"),
    PriceItem("甲硝唑片", "0.2g×100片", "瓶", "5.5000", False, "antibiotic", "XP01ABJ071A001010390442"),
    PriceItem("注射用头孢曲松钠", "1.0g", "支", "2.3500", True, "infusion", "XJ01DDT061F001010263718"),
    PriceItem("苯磺酸氨氯地平片", "5mg×28片", "盒", "4.2000", True, "chronic", "XC08CAA012A001010195824"),
    PriceItem("硝苯地平控释片", "30mg×7片", "盒", "9.2400", True, "chronic", "XC08CAX153A010010270913"),
    PriceItem("缬沙坦胶囊", "80mg×7粒", "盒", "5.6000", True, "chronic", "XC09CAX021B001010448260"),
    PriceItem("盐酸二甲双胍缓释片", "0.5g×30片", "盒", "3.6000", True, "chronic", "XA10BAE076A010010351907"),
    PriceItem("格列美脲片", "2mg×30片", "盒", "5.1000", True, "chronic", "XA10BBG047A001010212685"),
    PriceItem("阿卡波糖片", "50mg×30片", "盒", "8.9100", True, "chronic", "XA10BFA005A001010187459"),
    PriceItem("阿托伐他汀钙片", "20mg×7片", "盒", "6.6000", True, "chronic", "XC10AAA067A001020364871"),
    PriceItem("瑞舒伐他汀钙片", "10mg×28片", "盒", "5.9000", True, "chronic", "XC10AAR140A001010228513"),
    PriceItem("硫酸氢氯吡格雷片", "75mg×7片", "盒", "12.3000", True, "chronic", "XB01ACL093A001010450278"),
    PriceItem("阿司匹林肠溶片", "100mg×30片", "盒", "12.5000", False, "chronic", "XB01ACA056A012010173396"),
    PriceItem("重组人胰岛素注射液", "3ml:300单位", "支", "18.0000", True, "chronic", "XA10ABC021B002010391542"),
    PriceItem("甘精胰岛素注射液", "3ml:300单位", "支", "70.5000", True, "chronic", "XA10AEG019B002010305167"),
    PriceItem("奥美拉唑肠溶胶囊", "20mg×14粒", "盒", "3.8000", True, "analgesic", "XA02BCA062B012010256390"),
    PriceItem("布洛芬缓释胶囊", "0.3g×20粒", "盒", "11.8000", False, "analgesic", "XM01AEB085B010010142768"),
    PriceItem("对乙酰氨基酚片", "0.5g×12片", "盒", "4.5000", False, "analgesic", "XN02BED054A001010398025"),
    PriceItem("氯雷他定片", "10mg×6片", "盒", "2.9000", True, "analgesic", "XR06AXL080A001010219634"),
    PriceItem("蒙脱石散", "3g×10袋", "盒", "12.0000", False, "analgesic", "XA07BCM104S001010366081"),
    PriceItem("复方甘草片", "100片", "瓶", "6.0000", False, "analgesic", "XR05FAF028A001010127753"),
    PriceItem("硫酸沙丁胺醇吸入气雾剂", "100μg×200揿", "支", "22.5000", False, "analgesic",
              "XR03ACS035L030010284409"),
    PriceItem("复方丹参滴丸", "27mg×180丸", "瓶", "28.6000", False, "tcm", "ZA12BAF0015010104513"),
    PriceItem("连花清瘟胶囊", "0.35g×24粒", "盒", "14.8000", False, "tcm", "ZA01BAL0163010202776"),
    PriceItem("六味地黄丸", "浓缩丸 200丸", "瓶", "18.0000", False, "tcm", "ZA09FAL0044020103968"),
    PriceItem("藿香正气水", "10ml×10支", "盒", "9.8000", False, "tcm", "ZA04BAH0112030101457"),
    PriceItem("0.9%氯化钠注射液", "100ml", "袋", "3.2000", False, "infusion", "XB05BBL046B002020251196"),
    PriceItem("5%葡萄糖注射液", "250ml", "袋", "3.6000", False, "infusion", "XB05BAP007B002030478613"),
    PriceItem("一次性使用无菌注射器", "5ml 带针", "支", "0.2800", False, "retail"),
    PriceItem("医用外科口罩", "17.5cm×9.5cm", "只", "0.4500", False, "retail"),
    PriceItem("血糖试纸", "50片", "盒", "45.0000", False, "retail"),
    PriceItem("医用棉签", "10cm×50支", "包", "2.5000", False, "retail"),
    PriceItem("碘伏消毒液", "500ml", "瓶", "8.5000", False, "retail", "C14010308200001103270000003"),
    PriceItem("一次性使用输液器", "带针 0.7mm", "套", "1.3500", False, "consumable"),
    PriceItem("医用脱脂纱布块", "8cm×10cm-8层", "块", "0.2200", False, "consumable", "C14010100100001008760000012"),
    PriceItem("一次性使用静脉留置针", "22G", "支", "4.8000", True, "consumable", "C02030108300002001450000027"),
    PriceItem("冠脉药物洗脱支架", "钴铬合金 3.0mm×18mm", "个", "730.0000", True, "cardiac",
              "C02010107501001006580000014"),
    PriceItem("人工髋关节", "陶瓷-陶瓷 全髋", "套", "7200.0000", True, "orthopaedic", "C03010204601002009120000031"),
    PriceItem("人工晶体", "非球面 折叠式", "片", "820.0000", True, "eye", "C08010103000001002390000008"),
    PriceItem("一次性使用血液透析器", "1.6㎡ 高通量", "支", "85.0000", True, "dialysis",
              "C04020101100001003570000019"),
    PriceItem("口腔种植体系统", "4.1mm×10mm", "套", "850.0000", True, "dental", "C11030101200003002140000006"),
    PriceItem("光固化复合树脂", "4g", "支", "65.0000", False, "dental"),
)
SPECIALTY_GROUPS = ("cardiac", "orthopaedic", "eye", "dialysis", "dental")
_GENERAL = ("chronic", "antibiotic", "analgesic", "tcm", "infusion", "consumable", "retail")
LARGE_HOSPITAL_LEVELS = ("3a", "3b", "3c", "3", "2a")


def _price_groups(institution: dict[str, str]) -> tuple[str, ...]:
    """The groups of PRICE_ITEMS an institution buys: pharmacies what they sell; practices of a
    specialty what it uses; the large public hospitals everything but dental items."""
    type_, name = institution["type"], institution["name_en"]
    if type_ == T.PHARMACY:
        return ("chronic", "antibiotic", "analgesic", "tcm", "retail")
    if "Dental" in name or "Stomatological" in name:
        return ("antibiotic", "analgesic", "consumable", "retail", "dental")
    if "Haemodialysis" in name:
        return ("chronic", "infusion", "consumable", "retail", "dialysis")
    if "Eye" in name:
        return ("antibiotic", "analgesic", "infusion", "consumable", "retail", "eye")
    if "Orthopaedic" in name:
        return ("chronic", "antibiotic", "analgesic", "infusion", "consumable", "retail", "orthopaedic")
    if (type_ == T.HOSPITAL and institution["ownership"] == Ownership.PUBLIC
            and institution["level"] in LARGE_HOSPITAL_LEVELS and "Maternal" not in name):
        return (*_GENERAL, "cardiac", "orthopaedic", "eye", "dialysis")
    return _GENERAL


def _basket(institution: dict[str, str], generator: random.Random) -> list[PriceItem]:
    """The items an institution buys, in the order of PRICE_ITEMS: its specialty items and
    general items drawn to make 8-15 (or all it may buy, where fewer)."""
    groups = _price_groups(institution)
    special = [item for item in PRICE_ITEMS if item.group in groups and item.group in SPECIALTY_GROUPS]
    general = [item for item in PRICE_ITEMS if item.group in groups and item.group not in SPECIALTY_GROUPS]
    count = generator.randint(*PRICE_ITEM_COUNT)
    chosen = set(special) | set(generator.sample(general, min(len(general), max(0, count - len(special)))))
    return [item for item in PRICE_ITEMS if item in chosen]


def _item_change(item: PriceItem, year: int) -> float:
    """The change of the item's price from the first of PRICE_YEARS to `year`, for everyone."""
    factor = 1.0
    for later in range(PRICE_YEARS[0] + 1, year + 1):
        generator = random.Random(f"price-item:{item.name}:{item.specification}:{later}")
        factor *= 1 + _uniform(generator, CENTRALLY_PROCURED_CHANGE if item.procured else OTHER_PRICE_CHANGE)
    return factor


def _price_rows_of(institution: dict[str, str], year: int) -> list[dict[str, str]]:
    code = institution["national_code"]
    base = random.Random(f"price:{code}")
    items = _basket(institution, base)
    # Drawn for every item of the list, bought or not, so that an item's factor does not
    # depend on which others the institution buys.
    factors = {}
    for item in PRICE_ITEMS:
        spread, outlier_draw, outlier = _uniform(base, PRICE_SPREAD), base.random(), _uniform(base, PRICE_OUTLIER)
        factors[item] = outlier if item.procured and outlier_draw < PRICE_OUTLIER_SHARE else spread
    generator = random.Random(f"price:{code}:{year}")
    rows = []
    for item in PRICE_ITEMS:
        wobble = 1 + generator.uniform(-PRICE_WOBBLE, PRICE_WOBBLE)
        if item not in items:
            continue
        factor = factors[item] * _item_change(item, year) * (wobble if year > PRICE_YEARS[0] else 1.0)
        price = (Decimal(item.price) * Decimal(str(factor))).quantize(TENTH_OF_FEN, rounding=ROUND_HALF_UP)
        values = {
            "national_code": code, "period": str(year), "item_code": item.code, "item_name": item.name,
            "specification": item.specification, "unit": item.unit, "unit_price": f"{price:.4f}",
            "centrally_procured": "yes" if item.procured else "no", "sample_data": "yes",
            "source_document": PRICE_SOURCE, "data_as_of": f"{year}-12-31",
        }
        rows.append({column.name: values.get(column.name, "") for column in PRICE_COLUMNS})
    return rows


def price_rows(year: int) -> list[dict[str, str]]:
    """Synthetic purchase prices (period "YYYY") for `year`: for every institution of
    `register_rows()` whose agreement ran in that year, in the register's order, one dict of
    CSV cells per item it bought, in the order of PRICE_ITEMS and of PRICE_COLUMNS.
    Deterministic: seeded by institution code, item and year."""
    if year not in PRICE_YEARS:
        raise ValueError(f"purchase prices are generated for {PRICE_YEARS[0]} to {PRICE_YEARS[-1]}, not {year}")
    return [row for institution in register_rows() if year in _cost_years_active(institution)
            for row in _price_rows_of(institution, year)]


def main(arguments: list[str]) -> int:
    """No argument: the register as CSV on stdout; `costs YEAR`: that year's cost reports;
    `prices YEAR`: that year's purchase prices."""
    if not arguments:
        write_csv(register_rows(), sys.stdout)
        return 0
    if len(arguments) == 2 and arguments[0] == "costs" and arguments[1].isdigit() \
            and int(arguments[1]) in COST_YEARS:
        write_csv(cost_rows(int(arguments[1])), sys.stdout, COST_COLUMNS)
        return 0
    if len(arguments) == 2 and arguments[0] == "prices" and arguments[1].isdigit() \
            and int(arguments[1]) in PRICE_YEARS:
        write_csv(price_rows(int(arguments[1])), sys.stdout, PRICE_COLUMNS)
        return 0
    print(f"usage: python -m portal.institutions.synthetic [costs YEAR | prices YEAR]  "
          f"(costs from {COST_YEARS[0]} to {COST_YEARS[-1]}, prices from {PRICE_YEARS[0]} to {PRICE_YEARS[-1]})",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
