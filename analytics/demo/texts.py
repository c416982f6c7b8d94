"""Swedish text templates for the demo data: deviation and complaint descriptions.

Every description is a template filled from slot lists. All events, places and wordings are
fictional; no text names a person. A description is stored as (key, variant): `key` picks the
template list, `variant` (a non-negative integer from the generator's random stream) picks the
template and each slot option, so a description can be rendered again, chunk by chunk, without
keeping the strings of a large demo in memory.
"""

from __future__ import annotations

import re

SLOTS: dict[str, tuple[str, ...]] = {
    "rum": (
        "badrummet",
        "sovrummet",
        "köket",
        "vardagsrummet",
        "hallen",
        "tvättstugan",
        "det gemensamma vardagsrummet",
        "entrén",
    ),
    "tid": (
        "på morgonen",
        "under natten",
        "vid kvällsmaten",
        "på eftermiddagen",
        "vid lunch",
        "strax efter frukost",
        "sent på kvällen",
    ),
    "skada": (
        "Inga synliga skador.",
        "Fick ett blåmärke på armen.",
        "Slog i huvudet lätt, ingen yttre skada.",
        "Klagade på smärta i höften.",
        "Fick ett skrubbsår på knät.",
        "Uppgav att det gjorde ont i handleden.",
    ),
    "fall_atgard": (
        "Sjuksköterska kontaktades och bedömde brukaren.",
        "Personalen hjälpte brukaren upp med lyft.",
        "Fallriskbedömningen ska uppdateras.",
        "Halkskydd beställs till badrummet.",
        "Tillsyn utökas under natten.",
        "Anhörig informerades.",
    ),
    "hinder": ("en matta", "en sladd", "tröskeln", "ett par skor i hallen", "rollatorn"),
    "lak_tid": (
        "vid morgonens läkemedelsgivning",
        "vid lunch",
        "vid kvällens läkemedelsgivning",
        "till natten",
        "under helgen",
    ),
    "lak_cap": ("Kvällsmedicin", "Morgonmedicin", "Lunchmedicin", "Nattmedicin"),
    "upptackt": (
        "nattens tillsyn",
        "morgonens överlämning",
        "kontroll av dosetten",
        "genomgång av signeringslistan",
    ),
    "lak_typ": (
        "Smärtstillande",
        "Blodtrycksmedicin",
        "Insulin",
        "Vitamintillskott",
        "Ett antiepileptiskt läkemedel",
        "Sömnmedicin",
    ),
    "hsl_insats": (
        "blodsockerkontroll",
        "såromläggning",
        "påtagning av stödstrumpor",
        "inhalation",
        "ögondroppar",
        "viktkontroll",
        "andningsträning",
        "trycksårsprofylax",
    ),
    "hjalpmedel": (
        "Lyften",
        "Rullstolen",
        "Blodsockermätaren",
        "Syrgasapparaten",
        "Den tryckavlastande madrassen",
        "Duschstolen",
    ),
    "insats": (
        "Promenaden",
        "Inköpen",
        "Den planerade aktiviteten",
        "Städningen",
        "Besöket på biblioteket",
        "Simträningen",
        "Boendestödsbesöket",
    ),
    "reaktion": (
        "Brukaren blev orolig.",
        "Brukaren blev ledsen och drog sig undan.",
        "Brukaren blev upprörd och gick fram och tillbaka.",
        "Brukaren frågade flera gånger efter personal.",
        "Brukaren hade svårt att komma till ro.",
    ),
    "situation": (
        "i samband med måltiden",
        "när schemat ändrades",
        "vid dusch",
        "vid förflyttning",
        "när en vikarie kom in",
        "efter ett telefonsamtal",
        "på väg till bussen",
    ),
    "avslut": (
        "Händelsen dokumenterades.",
        "Enhetschef informerades.",
        "Ärendet tas upp på nästa arbetsplatsträff.",
        "Genomförandeplanen ses över.",
    ),
}

TEMPLATES: dict[str, tuple[str, ...]] = {
    "hsl/fall": (
        "Brukaren föll i {rum} {tid}. {skada} {fall_atgard}",
        "Brukaren hittades sittande på golvet i {rum} {tid}. {skada} {fall_atgard}",
        "Brukaren snubblade på {hinder} och föll. {skada} {fall_atgard}",
        "Brukaren gled ur rullstolen vid förflyttning i {rum}. {skada} {fall_atgard}",
        "Brukaren tappade balansen när hen reste sig från stolen {tid}. {skada}",
    ),
    "hsl/lakemedel/signering": (
        "Signering saknas i MCSS {lak_tid}. Oklart om läkemedlet gavs. {avslut}",
        "Läkemedlet gavs men signerades först efter passets slut. {avslut}",
        "Fel insats signerades i MCSS {lak_tid}, upptäcktes vid {upptackt}.",
    ),
    "hsl/lakemedel/lakemedel_saknas": (
        "{lak_typ} saknades i dosetten {lak_tid}. Apoteket kontaktades.",
        "Läkemedlet var slut {lak_tid}, ny beställning hade inte gjorts i tid.",
    ),
    "hsl/lakemedel/ej_fatt_alla": (
        "Brukaren fick inte alla läkemedel {lak_tid}, en tablett låg kvar i påsen. "
        "Upptäcktes vid {upptackt}.",
        "En av dospåsarna missades {lak_tid}. Sjuksköterska kontaktades.",
    ),
    "hsl/lakemedel/ej_fatt_alls": (
        "{lak_cap} ej given, upptäcktes vid {upptackt}.",
        "Brukaren fick inte sina läkemedel {lak_tid} eftersom personal på plats saknade delegering.",
    ),
    "hsl/lakemedel/fel_dos": (
        "Brukaren fick dubbel dos {lak_tid}. Sjuksköterska kontaktades och ordinerade tillsyn.",
        "Fel styrka gavs {lak_tid}, upptäcktes vid {upptackt}.",
    ),
    "hsl/lakemedel/annat": (
        "Läkemedelsskåpet stod olåst i {rum}. {avslut}",
        "Läkemedelslistan stämde inte med dosetten vid {upptackt}.",
    ),
    "hsl/hsl_insats": (
        "Ordinerad {hsl_insats} utfördes inte {tid}. {avslut}",
        "Delegerad insats ({hsl_insats}) utfördes av personal utan delegering.",
        "Ordinerad {hsl_insats} glömdes bort vid överlämningen {tid}.",
    ),
    "hsl/informationsoverforing": (
        "Information om ändrad ordination nådde inte kvällspersonalen. {avslut}",
        "Sjuksköterskans instruktion fanns inte i pärmen, personal kände inte till den.",
    ),
    "hsl/vard_behandling": (
        "Brukaren fick inte ordinerad behandling i tid {tid}. {avslut}",
        "Kontakt med sjuksköterska dröjde trots att brukaren hade feber i två dygn.",
    ),
    "hsl/medicinteknik": (
        "{hjalpmedel} var trasig och kunde inte användas {tid}.",
        "{hjalpmedel} hade inte kontrollerats enligt rutin. {avslut}",
    ),
    "hsl/annat": (
        "Rodnad på hälen upptäcktes {tid}, ingen trycksårsbedömning var gjord. {avslut}",
        "Brukaren fick vänta på sjuksköterska i över en timme {tid}.",
        "Journalanteckning saknas efter händelsen {tid}. {avslut}",
    ),
    "social/utebliven_insats/personalbrist": (
        "{insats} blev inte av p.g.a. personalbrist. {reaktion}",
        "Morgonrutinerna försenades p.g.a. brist på personal, brukaren fick vänta på hjälp till "
        "toaletten. {reaktion}",
        "Ingen ordinarie personal fanns {tid}, insatsen sköts upp. {reaktion}",
    ),
    "social/utebliven_insats/verksamhet_stangd": (
        "Daglig verksamhet stängd p.g.a. personalbrist, brukaren blev orolig.",
        "Daglig verksamhet ringde och meddelade att brukaren inte kunde komma p.g.a. personalbrist. "
        "{reaktion}",
    ),
    "social/utebliven_insats/annat": (
        "{insats} ställdes in utan att brukaren fick besked. {reaktion}",
        "Insatsen flyttades till en annan dag utan att brukaren informerades. {avslut}",
    ),
    "social/hot_och_vald/brukare_mot_personal": (
        "Brukaren blev upprörd {situation} och slog personal på armen. Personal backade och "
        "tillkallade kollega.",
        "Brukaren hotade personal verbalt {situation}. Situationen lugnades efter en stund. {avslut}",
        "Brukaren sparkade mot personal {situation}. Personal tog avstånd och avvaktade.",
    ),
    "social/hot_och_vald/brukare_mot_brukare": (
        "Brukaren knuffade en granne i korridoren {situation}. {avslut}",
        "Brukaren slog en annan brukare på armen {situation}. {avslut}",
    ),
    "social/hot_och_vald/brukare_mot_brukare/utsatt": (
        "Brukaren blev knuffad av en granne i korridoren {situation}. {skada}",
        "Brukaren blev slagen av en annan brukare {situation}. {skada}",
    ),
    "social/hot_och_vald/personal_mot_brukare": (
        "Personal höll fast brukarens arm hårt {situation}, brukaren fick en rodnad. Rapporterat enligt "
        "lex Sarah.",
        "Personal höjde rösten och hotade att ta bort brukarens aktivitet. Rapporterat enligt lex Sarah.",
    ),
    "social/hot_och_vald/sjalvskada": (
        "Brukaren slog sig själv i ansiktet upprepade gånger {situation}. {avslut}",
        "Brukaren rev sig på armarna {situation}. Sjuksköterska kontaktades.",
    ),
    "social/hot_och_vald/utatagerande": (
        "Brukaren kastade stolar och slog i väggen {situation}. {avslut}",
        "Brukaren slog sönder en tallrik {situation} och var svår att nå.",
    ),
    "social/hot_och_vald/annat": (
        "Oro i gruppen {situation}, brukaren blev rädd och låste in sig på rummet.",
    ),
    "social/bristande_kvalitet": (
        "Aktivitetstavlan var inte gjord för dagen så brukaren kunde inte se vad hen skulle göra.",
        "Genomförandeplanen har inte reviderats i tid. {avslut}",
        "Vikarie kände inte till brukarens rutiner {situation}. {reaktion}",
        "Bildstödet var inte uppdaterat efter schemaändringen. {reaktion}",
    ),
    "social/bemotande": (
        "Personal uttryckte sig nedlåtande mot brukaren {situation}. {avslut}",
        "Personal pratade högt om privata saker inför brukarna. {reaktion}",
    ),
    "social/sakerhet": (
        "Färdtjänsten lämnade brukaren på fel adress. {avslut}",
        "Rullstolsbältet var inte fastspänt under bilresan.",
        "Brukarlarmet fungerade inte vid kontroll {tid}.",
        "Brukaren lämnade boendet utan att personal märkte det och hittades vid soprummet.",
    ),
    "social/rattssakerhet": (
        "Beslutad insats har inte verkställts inom tre månader.",
        "Brukaren har inte fått skriftlig information om sitt beslut.",
        "Handläggare uppmärksammade vid uppföljning att beslutet inte följs av utföraren.",
    ),
    "social/tvang_begransning": (
        "Ytterdörren var låst så att brukaren inte kunde gå ut själv. {avslut}",
        "Personal tog brukarens telefon för att undvika konflikt {situation}.",
    ),
    "social/annat": (
        "Brukarens kläder kom bort i tvätten. {avslut}",
        "Kassaboken stämde inte vid kontroll av brukarens kontanter. {avslut}",
    ),
    "vardsamverkan/informationsoverforing": (
        "Vid utskrivning från sjukhuset saknades aktuell läkemedelslista.",
        "Brukaren skrevs ut utan att kommunen fick meddelande i tid.",
        "Inskrivningsmeddelande kom inte till kommunen vid inläggning.",
    ),
    "vardsamverkan/provtagning": (
        "Provtagning utfördes inte enligt remiss, prov fick tas om.",
        "Provsvar kom inte fram till ansvarig sjuksköterska.",
    ),
    "vardsamverkan/vard_behandling": (
        "Brukaren skickades hem från akuten utan uppföljande ordination.",
        "Planerad behandling på vårdcentralen ställdes in utan besked.",
    ),
    "vardsamverkan/sip": (
        "SIP kallades inte till trots begäran från kommunen.",
        "Överenskomna åtgärder i SIP har inte följts av vårdcentralen.",
    ),
    "vardsamverkan/annat": ("Hjälpmedel från regionen levererades inte före hemgång.",),
    "organisatorisk/kommunikation": (
        "Information om ändrade rutiner nådde inte alla medarbetare.",
        "Schemat publicerades sent och personal kände inte till sina pass.",
    ),
    "organisatorisk/annat": (
        "Inloggningen till verksamhetssystemet fungerade inte {tid}.",
        "Nycklar till läkemedelsskåpet saknades vid passbyte.",
    ),
    "complaint/information": (
        "Anhörig upplever att hen inte fått information om förändringar i brukarens vardag.",
        "Anhörig har inte fått besked om när den nya kontaktpersonen börjar.",
    ),
    "complaint/bemotande": (
        "Anhörig upplever att personal bemött brukaren otrevligt vid besök.",
        "Synpunkt på hur personal pratar med brukarna i gemensamma utrymmen.",
    ),
    "complaint/fysisk_miljo": (
        "Tvättmaskinen har varit trasig i flera veckor utan att lagas.",
        "Ventilationen i lägenheten fungerar dåligt och det blir mycket varmt.",
    ),
    "complaint/vard_omsorg": (
        "Anhörig anser att brukaren inte får den hjälp med hygien som beslutet anger.",
    ),
    "complaint/tillganglighet": ("Det går inte att nå enheten per telefon på eftermiddagarna.",),
    "complaint/handlaggning": ("Handläggningen av ansökan om insats har tagit för lång tid.",),
    "complaint/ekonomi": (
        "Personal kan inte använda kreditkort för inköp till brukaren, vilket försvårar vardagen.",
        "Synpunkt på hur brukarens kontanter hanteras vid inköp.",
    ),
    "complaint/annat": ("Synpunkt på parkeringsmöjligheterna vid boendet.",),
    "complaint/none": ("Ärendet är registrerat och hanteras av ansvarig handläggare.",),
}

DESC_KEYS: tuple[str, ...] = tuple(TEMPLATES)
KEY_INDEX: dict[str, int] = {k: i for i, k in enumerate(DESC_KEYS)}

# Exactly three hostile strings go into the demo on purpose: the product must escape free text.
HOSTILE_SCRIPT = "<script>alert('xss')</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"

_SLOT = re.compile(r"\{(\w+)\}")


def description_key(domain: str, category: str, subcategory: str | None, role: str | None = None) -> int:
    """Index into DESC_KEYS for a deviation of this kind (and violence role)."""
    base = "social" if domain in ("lss", "sol") else domain
    for key in (
        f"{base}/{category}/{subcategory}/{role}",
        f"{base}/{category}/{subcategory}",
        f"{base}/{category}",
    ):
        if key in KEY_INDEX:
            return KEY_INDEX[key]
    return KEY_INDEX[f"{base}/annat"]


def complaint_key(category: str | None) -> int:
    return KEY_INDEX[f"complaint/{category or 'none'}"]


def render(key: int, variant: int) -> str:
    """The description for (key, variant); the same pair always gives the same text."""
    templates = TEMPLATES[DESC_KEYS[key]]
    v = int(variant)
    template = templates[v % len(templates)]
    v //= len(templates)

    def fill(m: re.Match[str]) -> str:
        nonlocal v
        options = SLOTS[m.group(1)]
        choice = options[v % len(options)]
        v //= len(options)
        return choice

    return _SLOT.sub(fill, template)
