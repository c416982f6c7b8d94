"""Demo organisation: units, who lives or has an insats where (rosters), census and brukare.

One *replica* is the scale-1 organisation of calibration-sof-2022.md; scale N builds N replicas
with their own random streams. A unit's roster is a set of slots (places); each slot holds one
brukare at a time for a stay of some months, then stands empty for a gap, then holds the next
brukare. Census counts the occupied slots per month, so census, brukare and every brukare_id in
the event tables agree with each other.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

import numpy as np

YEARS = (2020, 2021, 2022)
N_MONTHS = 36
EPOCH = date(1970, 1, 1).toordinal()


def day_number(d: date) -> int:
    """Days since 1970-01-01 (the Parquet date32 value)."""
    return d.toordinal() - EPOCH


MONTH_START = np.array(
    [day_number(date(2020 + m // 12, m % 12 + 1, 1)) for m in range(N_MONTHS)], dtype=np.int32
)
MONTH_DAYS = np.array(
    [calendar.monthrange(2020 + m // 12, m % 12 + 1)[1] for m in range(N_MONTHS)], dtype=np.int32
)


def months_of(year: int) -> range:
    i = (year - 2020) * 12
    return range(i, i + 12)


@dataclass
class Unit:
    """One unit of a replica; `index` is its position in the replica's unit list."""

    index: int
    unit_type: str
    operator: str
    name: str
    area: str
    capacity: int
    stay_mean: float  # months
    gap_max: int  # months a slot may stand empty between two brukare
    women_share: float
    birth_years: tuple[int, int]
    provider: str | None = None
    open_from: int = 0  # month index
    open_to: int = N_MONTHS - 1  # month index, inclusive
    valid_from: date | None = None
    valid_to: date | None = None
    tag: str = ""  # role in the calibration story, e.g. "top_gb1"
    occ: np.ndarray = field(default=None, repr=False)  # slots x months, brukare number or -1

    def present(self, month: int) -> np.ndarray:
        """Brukare numbers with an insats at the unit in month."""
        if self.occ is None:
            return np.empty(0, dtype=np.int64)
        col = self.occ[:, month]
        return col[col >= 0]

    def census(self, month: int) -> int:
        return 0 if self.occ is None else int((self.occ[:, month] >= 0).sum())


_GB_EGEN = (
    "Lärkan",
    "Björken",
    "Eken",
    "Linden",
    "Almen",
    "Rönnen",
    "Aspen",
    "Granen",
    "Lönnen",
    "Hägget",
    "Syrenen",
    "Vitsippan",
    "Blåklinten",
    "Prästkragen",
    "Näktergalen",
    "Svalan",
    "Tranan",
    "Ugglan",
    "Hackspetten",
    "Trasten",
    "Mården",
    "Ekorren",
    "Bäcken",
    "Dalen",
    "Kullen",
    "Ängen",
    "Gläntan",
    "Skogsbrynet",
    "Åsen",
)
_GB_EGEN_CAP = (5, 6, 4, 5, 6, 5, 7, 4, 5, 5, 5, 5, 4, 5, 6, 5, 5, 4, 5, 5, 5, 6, 5, 4, 5, 5, 5, 4, 5)
_GB_PRIVAT = (
    "Solrosen",
    "Liljan",
    "Rosen",
    "Tulpanen",
    "Pionen",
    "Kastanjen",
    "Valnöten",
    "Fläderbäret",
    "Hasseln",
    "Enen",
    "Idegranen",
)
_GB_PRIVAT_CAP = (6, 5, 5, 6, 4, 6, 5, 5, 6, 5, 5)
_SB = (
    ("Norrby", "egen_regi", 9),
    ("Hässlehöjden", "egen_regi", 8),
    ("Sjöbo", "egen_regi", 7),
    ("Centrum", "egen_regi", 10),
    ("Trandared", "egen_regi", 6),
    ("Parkgatan", "privat", 8),
    ("Stadsparken", "privat", 7),
    ("Kyrkbacken", "privat", 6),
)
_SOL = (("Källan", 16), ("Fyren", 14), ("Bryggan", 14), ("Ankaret", 12), ("Hamnen", 12), ("Ljuset", 10))
_DV = (
    ("Verkstan", 45),
    ("Ateljén", 30),
    ("Caféet", 35),
    ("Trädgården", 28),
    ("Snickeriet", 25),
    ("Tvätteriet", 22),
    ("Sinnesrummet", 30),
    ("Återbruket", 38),
    ("Stallet", 20),
    ("Musikhuset", 27),
)
_BS = (("Norr", 70), ("Söder", 62), ("Öster", 55), ("Väster", 48))
_KORTTID = (("Sjöstjärnan", 22), ("Vindsnurran", 16))
_HSV = (("Norr", 45), ("Söder", 40), ("Väster", 38))


def build_units() -> list[Unit]:
    """The scale-1 organisation, in unit_id order. Names and sizes are fictional."""
    units: list[Unit] = []

    def add(**kw) -> Unit:
        u = Unit(index=len(units), **kw)
        units.append(u)
        return u

    gb = dict(
        unit_type="gruppbostad_lss",
        area="Gruppbostäder LSS",
        stay_mean=150.0,
        gap_max=4,
        women_share=0.42,
        birth_years=(1952, 2002),
    )
    for i, (name, cap) in enumerate(zip(_GB_EGEN, _GB_EGEN_CAP, strict=True)):
        # Roles in the story: the top hot och våld units, a Kia top unit, the unit with 125 LSS
        # deviations, and units that report no LSS and/or no HSL övrigt deviations.
        tag = {
            0: "top_gb1",
            1: "top_gb2",
            3: "quiet_lss",
            6: "kia_gb4",
            10: "lss125",
            17: "quiet_both",
            24: "quiet_both",
            27: "quiet_hsl",
        }.get(i, "")
        add(operator="egen_regi", name=f"Gruppbostad {name}", capacity=cap, tag=tag, **gb)
    # A unit closed mid-2021 (its brukare move to the new one), and the new unit that replaced it.
    add(
        operator="egen_regi",
        name="Gruppbostad Gamla Tallen",
        capacity=5,
        open_to=17,
        valid_to=date(2021, 6, 30),
        tag="closed",
        **gb,
    )
    add(
        operator="egen_regi",
        name="Gruppbostad Nya Tallen",
        capacity=6,
        open_from=16,
        valid_from=date(2021, 5, 1),
        tag="new",
        **gb,
    )
    for i, (name, cap) in enumerate(zip(_GB_PRIVAT, _GB_PRIVAT_CAP, strict=True)):
        add(
            operator="privat",
            provider="Attendo",
            name=f"Gruppbostad {name}",
            capacity=cap,
            tag="top_gb3" if i == 2 else "",
            **gb,
        )
    for name, op, cap in _SB:
        add(
            unit_type="servicebostad_lss",
            operator=op,
            name=f"Servicebostad {name}",
            area="Servicebostäder LSS",
            capacity=cap,
            stay_mean=70.0,
            gap_max=3,
            women_share=0.42,
            birth_years=(1960, 2003),
            provider="Vårdkraft Omsorg AB" if op == "privat" else None,
        )
    for i, (name, cap) in enumerate(_SOL):
        add(
            unit_type="bostad_sol",
            operator="egen_regi",
            name=f"Boende SoL {name}",
            area="Socialpsykiatri",
            capacity=cap,
            stay_mean=40.0,
            gap_max=3,
            women_share=0.42,
            birth_years=(1955, 2001),
            tag=f"sol{i + 1}",
        )
    for i, (name, cap) in enumerate(_DV):
        add(
            unit_type="daglig_verksamhet",
            operator="egen_regi",
            name=f"Daglig verksamhet {name}",
            area="Daglig verksamhet LSS",
            capacity=cap,
            stay_mean=100.0,
            gap_max=2,
            women_share=0.42,
            birth_years=(1958, 2004),
            tag={0: "top_dv1", 8: "silent"}.get(i, ""),
        )
    for i, (name, cap) in enumerate(_BS):
        add(
            unit_type="boendestod",
            operator="egen_regi",
            name=f"Boendestöd {name}",
            area="Socialpsykiatri",
            capacity=cap,
            stay_mean=20.0,
            gap_max=1,
            women_share=0.47,
            birth_years=(1955, 2004),
            tag="kia_bs" if i == 0 else f"bs{i + 1}",
        )
    add(
        unit_type="sysselsattning_sol",
        operator="egen_regi",
        name="Sysselsättning Kvarnen",
        area="Socialpsykiatri",
        capacity=24,
        stay_mean=24.0,
        gap_max=1,
        women_share=0.45,
        birth_years=(1960, 2003),
    )
    for i, (name, cap) in enumerate(_KORTTID):
        add(
            unit_type="korttid_lss",
            operator="egen_regi",
            name=f"Korttidsvistelse {name}",
            area="Korttid och avlösning LSS",
            capacity=cap,
            stay_mean=14.0,
            gap_max=0,
            women_share=0.35,
            birth_years=(2005, 2016),
            tag="silent" if i == 1 else "",
        )
    add(
        unit_type="personlig_assistans",
        operator="egen_regi",
        name="Personlig assistans, egen regi",
        area="Personlig assistans",
        capacity=40,
        stay_mean=80.0,
        gap_max=2,
        women_share=0.45,
        birth_years=(1950, 2015),
    )
    for name, cap in _HSV:
        add(
            unit_type="hemsjukvard",
            operator="egen_regi",
            name=f"Hemsjukvård team {name}",
            area="Hälso- och sjukvård",
            capacity=cap,
            stay_mean=20.0,
            gap_max=1,
            women_share=0.55,
            birth_years=(1938, 2000),
        )
    for name in ("LSS", "SoL"):
        add(
            unit_type="myndighetsutovning",
            operator="egen_regi",
            name=f"Myndighet {name}",
            area="Myndighetsutövning",
            capacity=0,
            stay_mean=1.0,
            gap_max=0,
            women_share=0.45,
            birth_years=(1950, 2004),
            tag=f"myndighet_{name.lower()}",
        )
    return units


# Average brukare in 2022 that the calibration fixes exactly (brukare-months / 12).
CENSUS_2022 = {"gruppbostad_lss": 206, "bostad_sol": 76}


@dataclass
class Roster:
    """All brukare of a replica: sex (0 = K, 1 = M) and birth year per brukare number."""

    sex: list[int] = field(default_factory=list)
    birth_year: list[int] = field(default_factory=list)
    home: list[int] = field(default_factory=list)  # unit index of the first stay

    def new(self, unit: Unit, rng: np.random.Generator) -> int:
        lo, hi = unit.birth_years
        self.sex.append(int(rng.random() >= unit.women_share))
        self.birth_year.append(int(rng.integers(lo, hi + 1)))
        self.home.append(unit.index)
        return len(self.sex) - 1


def _simulate_slot(unit: Unit, rng: np.random.Generator, roster: Roster) -> np.ndarray:
    row = np.full(N_MONTHS, -1, dtype=np.int64)
    m = unit.open_from
    # The first brukare has already lived there for a while: the stay left is geometric too.
    while m <= unit.open_to:
        stay = 1 + int(rng.geometric(1.0 / unit.stay_mean))
        b = roster.new(unit, rng)
        row[m : min(m + stay, unit.open_to + 1)] = b
        m += stay
        if unit.gap_max > 0:
            m += int(rng.integers(1, unit.gap_max + 1)) if rng.random() < 0.8 else 0
    return row


def _adjust_2022(units: list[Unit], target_months: int, rng: np.random.Generator) -> None:
    """Lengthen or shorten stays at their ends until the 2022 brukare-months equal the target."""
    months = np.array(months_of(2022))

    def total() -> int:
        return sum(int((u.occ[:, months] >= 0).sum()) for u in units)

    diff = total() - target_months
    guard = 0
    while diff != 0:
        guard += 1
        if guard > 100_000:
            raise RuntimeError("census calibration did not converge")
        u = units[int(rng.integers(len(units)))]
        s = int(rng.integers(u.occ.shape[0]))
        m = int(rng.choice(months))
        if m < u.open_from or m > u.open_to:
            continue
        row = u.occ[s]
        if diff > 0 and row[m] >= 0:
            left = m == u.open_from or row[m - 1] != row[m]
            # Trimming December would empty the units at the end of the data: seldom.
            right = row[m + 1] != row[m] if m < N_MONTHS - 1 else rng.random() < 0.05
            length = int((row == row[m]).sum())
            if (left or right) and length > 1:
                row[m] = -1
                diff -= 1
        elif diff < 0 and row[m] < 0:
            if m > u.open_from and row[m - 1] >= 0:
                row[m] = row[m - 1]
                diff += 1
            elif m < u.open_to and row[m + 1] >= 0:
                row[m] = row[m + 1]
                diff += 1


def _assign_sexes(units: list[Unit], roster: Roster, rng: np.random.Generator, share: float) -> None:
    """Give the brukare of these units sexes so that women are `share` of the 2022 brukare-months."""
    months = list(months_of(2022))
    weight: dict[int, int] = {}
    for u in units:
        sub = u.occ[:, months]
        for b in sub[sub >= 0].tolist():
            weight[b] = weight.get(b, 0) + 1
    people = sorted({int(b) for u in units for b in u.occ[u.occ >= 0].tolist()})
    order = rng.permutation(len(people))
    target = share * sum(weight.values())
    women = 0.0
    for i in order.tolist():
        b = people[i]
        w = weight.get(b, 0)
        if w == 0:
            roster.sex[b] = int(rng.random() >= share)
        elif women + w <= target + 0.5:
            roster.sex[b] = 0
            women += w
        else:
            roster.sex[b] = 1


def build_rosters(units: list[Unit], rng: np.random.Generator) -> Roster:
    roster = Roster()
    for u in units:
        if u.capacity == 0:
            continue
        u.occ = np.stack([_simulate_slot(u, rng, roster) for _ in range(u.capacity)])
    # The brukare of the closed unit move to the new unit in July 2021; their slots wait for them.
    closed = next(u for u in units if u.tag == "closed")
    new = next(u for u in units if u.tag == "new")
    movers = [int(b) for b in closed.present(closed.open_to)]
    for slot, b in enumerate(movers[: new.capacity]):
        row = new.occ[slot]
        row[new.open_from : 18] = -1
        first = row[18]
        if first >= 0:
            row[row == first] = b
        else:
            end = 18 + int(np.argmax(row[18:] >= 0)) if (row[18:] >= 0).any() else N_MONTHS
            row[18:end] = b
    by_type = {t: [u for u in units if u.unit_type == t and u.occ is not None] for t in CENSUS_2022}
    for t, target in CENSUS_2022.items():
        _adjust_2022(by_type[t], target * 12, rng)
    for t in ("gruppbostad_lss", "servicebostad_lss", "bostad_sol"):
        _assign_sexes([u for u in units if u.unit_type == t], roster, rng, 0.42)
    return roster


def long_stayers(unit: Unit, year: int) -> list[int]:
    """Brukare present at the unit in every month of the year, ascending."""
    months = list(months_of(year))
    sub = unit.occ[:, months]
    full = sub[(sub == sub[:, :1]).all(axis=1) & (sub[:, 0] >= 0), 0]
    return sorted(int(b) for b in full)
