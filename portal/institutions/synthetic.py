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
"""
from __future__ import annotations

import calendar
import csv
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from portal.cases.synthetic import REGION_NAMES
from portal.funds.synthetic import DEMO_REGIONS
from portal.institutions.columns import (
    INSTITUTION_COLUMNS,
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


def write_csv(rows: Iterable[dict], handle) -> int:
    writer = csv.DictWriter(handle, fieldnames=[column.name for column in INSTITUTION_COLUMNS],
                            lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


if __name__ == "__main__":
    write_csv(register_rows(), sys.stdout)
