/**
 * Tocsin's own starter lexicon: target-group names, slurs, dehumanising metaphors, violent verbs
 * and call forms, and the function words the hallmark rules need, in English, French, Arabic,
 * Spanish, Portuguese, German, Swahili, Kinyarwanda, Amharic and Burmese. Written for this project
 * (no third-party list is copied); every entry has source `tocsin`. It is a seed for analysts to
 * extend through the lexicon API, not a complete resource — coverage outside English, French and
 * Arabic is thin and should be reviewed by speakers of those languages.
 *
 * Entries are written compactly as `language → category → "term|term|…"`, with optional
 * `term@weight` (default 1) and `term>target` suffixes (`inyenzi>tutsi@1`). Group names live in
 * {@link GROUP_TERMS} (`group → language → terms`).
 */
import { createHash } from "node:crypto";
import type { LexiconEntry } from "./lexicon.ts";

/** The attribute (MLMA's "target") of each target group. */
export const GROUP_ATTRIBUTES: Readonly<Record<string, string>> = {
  women: "gender", men: "gender",
  lgbtq: "sexual_orientation",
  disabled: "disability",
  muslims: "religion", jews: "religion", christians: "religion", hindus: "religion", shia: "religion", sunni: "religion",
  arabs: "origin", black_people: "origin", asians: "origin", hispanics: "origin", south_asians: "origin",
  immigrants: "origin", refugees: "origin", whites: "origin", roma: "origin", kurds: "origin",
  rohingya: "origin", tutsi: "origin", hutu: "origin", tigrayans: "origin", amhara: "origin", oromo: "origin",
  kikuyu: "origin", luo: "origin", kalenjin: "origin",
  left_wing: "political", right_wing: "political",
};

/** Group names (plain mentions) and slurs per group and language. `!` marks a slur. */
export const GROUP_TERMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  women: {
    en: "women|woman|girls|females|female|feminist|feminists|feminazi!|wives|ladies|bitch!@0.5|bitches!@0.5|hoe!@0.5|hoes!@0.5|slut!|whore!|cunt!@0.5|thot!",
    fr: "femme|femmes|filles|féministe|féministes|féminazie!|salope!|pute!|putes!|connasse!",
    ar: "امرأة|المرأة|مراة|المراة|مرأة|نساء|النساء|حريم|الحريم|حرمة|نسوان|بنات|نسوية|متبرجة!|بايرة!|شرموطة!|عاهرة!",
    es: "mujer|mujeres|feminista|feministas|feminazi!|puta!|zorra!",
    pt: "mulher|mulheres|feminista|feministas|vadia!|puta!",
    de: "frauen|frau|feministin|feministinnen",
    sw: "wanawake|mwanamke",
    am: "ሴቶች|ሴት",
    my: "မိန်းမ|အမျိုးသမီး",
  },
  lgbtq: {
    en: "gay|gays|lesbian|lesbians|homosexual|homosexuals|queer|queers|transgender|trans|lgbt|lgbtq|faggot!|faggots!|fag!|fags!|dyke!|tranny!",
    fr: "gay|gays|gai|homo|homos|homosexuel|homosexuels|lesbienne|lesbiennes|lgbt|pédé!|pédés!|tapette!|gouine!|tarlouze!",
    ar: "مثلي|مثليين|المثليين|مثلية|شاذ!|شواذ!|الشواذ!|لوطي!",
    es: "gay|gays|homosexual|homosexuales|lesbiana|maricón!|marica!",
    pt: "gay|gays|homossexual|homossexuais|lésbica|viado!|bicha!",
    de: "schwul|schwule|lesbe|lesben|schwuchtel!",
    sw: "mashoga!|shoga!",
  },
  disabled: {
    en: "disabled|handicapped|autistic|autists|special needs|retard!|retards!|retarded!|mongoloid!|mong!|downy!|spastic!|spaz!|cripple!",
    fr: "handicapé|handicapés|autiste|autistes|trisomique|trisomiques|mongol!|mongols!|débile!|débiles!|attardé!|attardés!|gogol!",
    ar: "معاق|معاقين|المعاقين|ذوي الاحتياجات|متخلف!|منغولي!",
    es: "discapacitado|discapacitados|retrasado!|mongólico!",
  },
  muslims: {
    en: "muslim|muslims|moslem|moslems|islam|islamic|islamist|islamists|jihadi|jihadis|muzzie!|muzzies!",
    fr: "musulman|musulmans|musulmane|musulmanes|islam|islamiste|islamistes|islamisation|djihadiste|djihadistes|muzz!",
    ar: "مسلم|مسلمين|مسلمون|المسلمين|الإسلام|الاسلام|اسلامي|إسلامي",
    es: "musulmán|musulmanes|islam|islamista|moro!|moros!",
    pt: "muçulmano|muçulmanos|islã|islamista",
    de: "muslim|muslime|islam|islamisten|kanake!",
    sw: "waislamu|muislamu",
    am: "ሙስሊም|ሙስሊሞች|እስላም",
    my: "မွတ်ဆလင်|မူစလင်",
  },
  jews: {
    en: "jew|jews|jewish|zionist|zionists|kike!|kikes!|yid!",
    fr: "juif|juifs|juive|juives|sioniste|sionistes|youpin!|youtre!",
    ar: "يهود|اليهود|يهودي|صهيوني|صهاينة|الصهاينة",
    es: "judío|judíos|judía|sionista",
    pt: "judeu|judeus|sionista",
    de: "jude|juden|jüdisch|zionisten",
  },
  christians: {
    en: "christian|christians|catholic|catholics",
    fr: "chrétien|chrétiens|catholique|catholiques",
    ar: "مسيحي|مسيحيين|المسيحيين|نصارى|النصارى|نصراني|أقباط|الأقباط|قبطي|صليبي!|صليبيين!",
    es: "cristiano|cristianos|católico|católicos",
    am: "ክርስቲያን|ክርስቲያኖች",
    sw: "wakristo|mkristo",
  },
  hindus: { en: "hindu|hindus", fr: "hindou|hindous", ar: "هندوس|الهندوس|هندوسي" },
  shia: { ar: "شيعة|الشيعة|شيعي|روافض!|الروافض!|رافضي!|مجوس!", en: "shia|shiite|shiites" },
  sunni: { ar: "سنة|السنة|سني|نواصب!|ناصبي!", en: "sunni|sunnis" },
  arabs: {
    en: "arab|arabs|raghead!|ragheads!|towelhead!|towelheads!|camel jockey!|sand nigger!",
    fr: "arabe|arabes|rebeu|rebeus|beur|beurs|maghrébin|maghrébins|bougnoule!|bougnoules!|bicot!",
    ar: "عرب|العرب|عربي|أعراب|الأعراب",
    es: "árabe|árabes",
  },
  black_people: {
    en: "black people|blacks|african|africans|negro!|negroes!|nigger!|niggers!|coon!|coons!|jungle bunny!|moon cricket!",
    fr: "noir|noirs|noire|noires|africain|africains|africaine|renoi|renois|black|blacks|blackos!|nègre!|nègres!|négro!|bamboula!",
    ar: "أفارقة|افارقة|الأفارقة|الافارقة|أفريقي|افريقي|سود|السود|زنجي!|زنوج!|عبيد!",
    es: "negro|negros|africano|africanos",
    pt: "negro|negros|preto|pretos|africano|africanos|macaco>black_people@0.5",
  },
  asians: {
    en: "asian|asians|chinese|chink!|chinks!|ching chong!|chinaman!|jap!|japs!|gook!",
    fr: "asiatique|asiatiques|chinois|chinoise|chinetoque!|chinetoques!|ching chong!|bridé!|bridés!",
    ar: "صيني|صينيين|الصينيين|شينغ شونغ!",
  },
  hispanics: { en: "mexican|mexicans|hispanic|hispanics|latino|latinos|latina|latinas|wetback!|wetbacks!|spic!|spics!|beaner!|beaners!", fr: "mexicain|mexicains|latino|latinos" },
  south_asians: { en: "indian|indians|pakistani|pakistanis|paki!|pakis!|curry muncher!", fr: "indien|indiens|pakistanais", ar: "هنود|الهنود|هندي" },
  immigrants: {
    en: "immigrant|immigrants|migrant|migrants|illegal aliens|illegals|foreigners",
    fr: "immigré|immigrés|immigration|migrant|migrants|étrangers|clandestin|clandestins",
    ar: "مهاجر|مهاجرين|المهاجرين|أجانب|الأجانب|وافدين",
    es: "inmigrante|inmigrantes|migrante|migrantes|ilegales|sudaca!|sudacas!",
    pt: "imigrante|imigrantes|migrante|migrantes",
    de: "migranten|ausländer|einwanderer",
  },
  refugees: {
    en: "refugee|refugees|asylum seekers|asylum seeker",
    fr: "réfugié|réfugiés|demandeurs d'asile",
    ar: "لاجئ|لاجئين|اللاجئين|اللاجئون|نازح|نازحين|النازحين|السوريين|سوري",
    es: "refugiado|refugiados",
    de: "flüchtlinge|flüchtling|asylanten!",
  },
  whites: { en: "white people|whites|redneck!|rednecks!|white trash!|cracker!|crackers!|hillbilly!|hillbillies!", fr: "blancs|toubab!" },
  roma: { en: "roma|gypsy!|gypsies!", fr: "roms|rom|tsigane|tsiganes|manouche", de: "zigeuner!" },
  kurds: { ar: "أكراد|الأكراد|كردي|الكردي", en: "kurd|kurds|kurdish" },
  rohingya: {
    en: "rohingya|bengali@0.5|bengalis@0.5|kalar!",
    my: "ရိုဟင်ဂျာ|ဘင်္ဂါလီ|ကုလား!",
  },
  tutsi: { rw: "abatutsi|umututsi|tutsi|batutsi|inyenzi!|inkotanyi@0.5", en: "tutsi|tutsis", fr: "tutsi|tutsis" },
  hutu: { rw: "abahutu|umuhutu|hutu|bahutu", en: "hutu|hutus", fr: "hutu|hutus" },
  tigrayans: { am: "ትግሬ|ትግሬዎች|ትግራይ|ወያኔ!|ጁንታ!", en: "tigrayan|tigrayans|woyane!|junta@0.5" },
  amhara: { am: "አማራ|አማሮች", en: "amhara" },
  oromo: { am: "ኦሮሞ|ኦሮሞዎች|ጋላ!", en: "oromo|oromos" },
  kikuyu: { sw: "wakikuyu|mkikuyu", en: "kikuyu|kikuyus" },
  luo: { sw: "wajaluo|mjaluo", en: "luo|luos" },
  kalenjin: { sw: "wakalenjin", en: "kalenjin" },
  left_wing: {
    en: "leftist|leftists|liberals|libtard!|libtards!|commie!|commies!|socialists|antifa|democrats",
    fr: "gauchiste|gauchistes|islamo-gauchiste|islamo-gauchistes|bobo|bobos|communistes|gauchos",
    ar: "علماني|علمانيين|العلمانيين|ليبرالي|ليبراليين",
  },
  right_wing: { en: "fascists|nazis", fr: "facho|fachos|fasciste|fascistes|fn" },
};

/** Cue terms per language and category (see `LEXICON_CATEGORIES` in lexicon.ts). */
export const CUE_TERMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: {
    "dehumanisation.vermin": "vermin|cockroach|cockroaches|roaches|rat|rodent|parasite|parasites|lice|louse|insect|insects|termite|maggot|maggots|leech|leeches|locust|locusts|infestation|infest|pest@0.7|pests@0.7|swarm@0.5|swarms@0.5",
    "dehumanisation.disease": "cancer|plague|virus|disease@0.7|infection|tumour|tumor|germ|germs|pestilence|ebola@0.7|cholera@0.7|contagion|gangrene",
    "dehumanisation.animal": "animal@0.6|animals@0.6|beast|beasts|ape|apes|monkey@0.7|monkeys@0.7|pig@0.6|pigs@0.6|swine|dog@0.4|dogs@0.4|snake|snakes|serpent|savage|savages|baboon|baboons|gorilla|hyena|hyenas|mongrel|mongrels",
    "dehumanisation.other": "subhuman|subhumans|sub human|untermensch|not human|scum|filth|garbage@0.5|trash@0.4|vermin scum|demon|demons|devils",
    violence: "kill|murder|slaughter|exterminate|extermination|eradicate|annihilate|massacre|butcher|burn@0.6|hang@0.6|lynch|shoot@0.7|behead|gas@0.5|stab|bomb@0.7|wipe out|get rid of|cleanse|purge@0.7|execute@0.7|genocide|destroy@0.5|crush@0.4|rape|die@0.5",
    "violence.call": "death to|kill them|kill them all|kill all|kill every|kill the|exterminate them|wipe them out|burn them|hang them|shoot them|gas them|string them up|slaughter them|let's kill|lets kill|must die|should die|deserve to die|need to die|must be exterminated|should be exterminated|should be killed|must be killed|should be shot|should be hanged|should be wiped out",
    modal: "must|should|need to|needs to|have to|has to|got to|gotta|let's|lets|time to|deserve|deserves|ought to|we will|go and",
    they: "they|them|their|those people|these people|those|these",
    we: "we|us|our|ours",
    mirror: "want to kill us|wants to kill us|plan to kill us|planning to kill us|going to kill us|will kill us|before they kill us|kill us all|wipe us out|exterminate us|slaughter us|replace us|they are arming|kill or be killed|self defense|self-defence|self defence|genocide against us|white genocide",
    purity: "pure blood|purity|pollute|polluting|contaminate|contaminating|race mixing|race-mixing|miscegenation|great replacement|replacement@0.6|invasion|invaders|infiltrate|infiltrating|outbreed|breed like|breeding like|bloodline|defile|impure|dirty blood|mongrelize",
    criminalisation: "criminals|rapists|terrorists|terrorist|thugs|drug dealers|gangsters|murderers",
  },
  fr: {
    "dehumanisation.vermin": "vermine|cafard|cafards|rat|rats|parasite|parasites|poux|insecte|insectes|sauterelles|termites|asticots|sangsues|nuisibles|grouillent",
    "dehumanisation.disease": "cancer|peste|virus|maladie@0.7|gangrène|infection|microbe|microbes|ebola@0.7|choléra@0.7",
    "dehumanisation.animal": "animal@0.6|animaux@0.6|bête|bêtes|singe@0.7|singes@0.7|porc@0.6|porcs@0.6|cochon@0.6|cochons@0.6|chien@0.4|chiens@0.4|serpent|serpents|sauvage|sauvages|hyène|hyènes|chameau@0.5|chameaux@0.5",
    "dehumanisation.other": "sous-homme|sous-hommes|sous-humain|sous-humains|racaille|racailles|ordure|ordures|déchet|déchets|pas humains",
    violence: "tuer|massacrer|exterminer|éliminer|abattre|égorger|brûler@0.6|pendre@0.6|lyncher|fusiller|buter|crever@0.6|violer|éradiquer|génocide|massacre|extermination|expulser@0.4",
    "violence.call": "mort aux|mort à|tuez|tuons|tuez-les|massacrez|exterminez|éliminez|brûlez|pendez|égorgez|butez|il faut les tuer|faut les tuer|à mort|doivent mourir|faut les exterminer|il faut les exterminer|faut les éliminer",
    modal: "il faut|faut|doit|doivent|devons|on doit|allons|allez|il est temps",
    they: "ils|eux|leur|leurs|ces gens|ceux-là|ces",
    we: "nous|notre|nos|on",
    mirror: "veulent nous tuer|vont nous tuer|avant qu'ils nous|nous exterminer|nous massacrer|nous remplacer|légitime défense|tuer ou être tué",
    purity: "grand remplacement|remplacement@0.6|invasion|envahisseurs|pureté|sang pur|souiller|métissage@0.7|impur|impurs|islamisation@0.7|colonisation@0.4",
    criminalisation: "criminels|violeurs|terroristes|délinquants|voleurs|dealers",
  },
  ar: {
    "dehumanisation.vermin": "صرصور|صراصير|حشرة|حشرات|جرذ|جرذان|فئران|فأر|طفيلي|طفيليات|قمل|جراد|ديدان",
    "dehumanisation.disease": "سرطان|وباء|طاعون|فيروس|مرض@0.7|أمراض@0.7|امراض@0.7|ايبولا@0.7|كوليرا@0.7|جرثومة|جراثيم",
    "dehumanisation.animal": "حيوان@0.6|حيوانات@0.6|بهيم|بهائم|قرد@0.7|قرود@0.7|خنزير@0.7|خنازير@0.7|كلب@0.5|كلاب@0.5|أفعى|افعى|ثعبان|ضباع|بعير@0.4|حمير@0.5|حمار@0.5",
    "dehumanisation.other": "حثالة|قذارة|وسخ@0.5|نجس@0.6|أنجاس|انجاس|ليسوا بشر",
    violence: "قتل|يقتل|ذبح|يذبح|إبادة|ابادة|حرق@0.6|إعدام|اعدام|تصفية@0.6|سحق@0.5|اغتصاب|تفجير@0.7|تطهير@0.6",
    "violence.call": "اقتلوا|اقتلوهم|اقتل|اذبحوا|اذبحوهم|أبيدوا|ابيدوا|ابيدوهم|احرقوا|احرقوهم|اسحقوهم|اعدموهم|الموت ل|الموت للعرب|الموت لليهود|يجب قتل|يجب قتلهم|يجب ذبحهم|يجب إبادتهم",
    modal: "يجب|لازم|ينبغي|لا بد|لابد|يلزم|هيا",
    they: "هم|هؤلاء|هولاء|هذول|انهم|إنهم",
    we: "نحن|احنا|إحنا|نحنا",
    mirror: "يريدون قتلنا|يريدون ذبحنا|سيقتلوننا|يخططون لقتلنا|قبل أن يقتلونا|قبل ان يقتلونا|يريدون إبادتنا|يريدون ابادتنا|دفاع عن النفس",
    purity: "نقاء|تدنيس|غزو|الغزو|نجاسة|تلويث|دخلاء|الدخلاء",
    criminalisation: "إرهابي|ارهابي|إرهابيين|ارهابيين|مجرمين|لصوص|مغتصبين",
  },
  es: {
    "dehumanisation.vermin": "cucaracha|cucarachas|rata|ratas|parásito|parásitos|plaga|piojos|insectos|alimañas",
    "dehumanisation.disease": "cáncer|virus|enfermedad@0.7|peste|gangrena",
    "dehumanisation.animal": "animal@0.6|animales@0.6|bestia|bestias|mono@0.7|monos@0.7|cerdo@0.6|cerdos@0.6|perro@0.4|perros@0.4|serpiente|salvaje|salvajes",
    "dehumanisation.other": "subhumano|subhumanos|escoria|basura@0.5",
    violence: "matar|masacrar|exterminar|eliminar|quemar@0.6|colgar@0.6|fusilar|linchar|violar|aniquilar|acabar con@0.6|genocidio",
    "violence.call": "muerte a|maten|mátenlos|exterminen|quemen|hay que matar|hay que exterminar|deben morir",
    modal: "hay que|deben|debemos|tenemos que|vamos a",
    they: "ellos|ellas|esa gente",
    we: "nosotros|nuestro|nuestra|nuestros|nuestras|nos",
    mirror: "quieren matarnos|nos van a matar|antes de que nos maten|legítima defensa",
    purity: "gran reemplazo|invasión|invasores|pureza|sangre pura|contaminar",
    criminalisation: "criminales|violadores|terroristas|delincuentes",
  },
  pt: {
    "dehumanisation.vermin": "barata|baratas|rato|ratos|parasita|parasitas|praga|piolhos|insetos",
    "dehumanisation.disease": "câncer|cancro|vírus|doença@0.7|peste",
    "dehumanisation.animal": "animal@0.6|animais@0.6|besta|bestas|macaco@0.7|macacos@0.7|porco@0.6|porcos@0.6|cão@0.4|cobra|selvagem|selvagens",
    "dehumanisation.other": "sub-humano|escória|lixo@0.5",
    violence: "matar|massacrar|exterminar|eliminar|queimar@0.6|enforcar@0.6|fuzilar|linchar|estuprar|genocídio",
    "violence.call": "morte aos|morte a|matem|exterminem|queimem|tem que matar|têm que morrer|devem morrer",
    modal: "tem que|têm que|devem|devemos|vamos",
    they: "eles|elas|essa gente",
    we: "nós|nosso|nossa|nossos|nossas",
    mirror: "querem nos matar|vão nos matar|legítima defesa",
    purity: "invasão|invasores|pureza|sangue puro",
    criminalisation: "criminosos|estupradores|terroristas|bandidos",
  },
  de: {
    "dehumanisation.vermin": "ungeziefer|kakerlaken|kakerlake|ratten|ratte|parasiten|parasit|schädlinge|läuse",
    "dehumanisation.disease": "krebs|seuche|pest|virus@0.7|krankheit@0.7",
    "dehumanisation.animal": "tiere@0.6|tier@0.6|affen@0.7|affe@0.7|schweine@0.6|schwein@0.6|hunde@0.4",
    "dehumanisation.other": "untermensch|untermenschen|abschaum|pack@0.5",
    violence: "töten|umbringen|vernichten|ausrotten|vergasen|erschießen|verbrennen@0.6|aufhängen@0.6|abschlachten|völkermord",
    "violence.call": "tod den|tötet|vergast sie|ausrotten|erschießt sie",
    modal: "muss|müssen|sollte|sollten|lasst uns",
    they: "sie|die|diese leute",
    we: "wir|uns|unser|unsere",
    mirror: "wollen uns töten|wollen uns vernichten|notwehr",
    purity: "umvolkung|überfremdung|rassenschande|invasion|reinheit|bevölkerungsaustausch",
  },
  sw: {
    "dehumanisation.vermin": "mende|panya|wadudu|madoadoa|kwekwe|chawa",
    "dehumanisation.disease": "saratani|ugonjwa@0.7|tauni",
    "dehumanisation.animal": "nyoka|mbwa@0.5|nguruwe@0.6|nyani@0.7|fisi|wanyama@0.6",
    violence: "kuua|chinja|kuchinja|fyeka|kufyeka|angamiza|kuangamiza|choma@0.6|kuchoma@0.6",
    "violence.call": "waueni|wachinjeni|tuwaue|fyekeni|waangamizeni|wachomeni",
    modal: "lazima|ni lazima|tuwa",
    they: "wao|hao",
    we: "sisi|yetu|wetu|letu",
    mirror: "wanataka kutuua|watatuua|kabla hawajatuua",
    purity: "damu safi|uvamizi|wavamizi",
  },
  rw: {
    "dehumanisation.vermin": "inyenzi>tutsi|inzoka",
    "dehumanisation.animal": "imbwa@0.5|inyamaswa@0.6",
    violence: "kwica|gutsemba|gutsembatsemba|kubica",
    "violence.call": "mubice|tubice|tubatsembatsembe|tubatsembe|nimubatsembe",
    they: "bo|abo",
    we: "twe|twebwe|iwacu",
    mirror: "bashaka kutwica|baje kutwica|bazatwica",
  },
  am: {
    "dehumanisation.vermin": "በረሮ|በረሮዎች|አይጥ|አይጦች|ተባይ|ተባዮች",
    "dehumanisation.disease": "ካንሰር|ወረርሽኝ|በሽታ@0.7",
    "dehumanisation.animal": "እባብ|እባቦች|ውሻ@0.5|ውሾች@0.5|ጅብ|ጅቦች|አውሬ|አውሬዎች",
    violence: "መግደል|ግድያ|ማጥፋት|ማረድ|ጭፍጨፋ|ማቃጠል@0.6",
    "violence.call": "ግደል|ግደሉ|ግደሏቸው|ግደሏቸዉ|አጥፉ|አጥፏቸው|ይገደሉ|እረዱ|እረዷቸው|ጨፍጭፉ|አቃጥሉ",
    modal: "አለብን|አለባችሁ|ይገባል",
    they: "እነሱ|እነርሱ|እነዚህ",
    we: "እኛ|የኛ|እኛን",
    mirror: "ሊገድሉን|ሊያጠፉን",
    purity: "ወራሪ|ወራሪዎች",
  },
  my: {
    "dehumanisation.vermin": "ကြွက်|ပိုးမွှား|ပိုးဟပ်",
    "dehumanisation.disease": "ကင်ဆာ|ရောဂါ@0.7",
    "dehumanisation.animal": "ခွေး@0.5|မြွေ|တိရစ္ဆာန်@0.6|ဝက်@0.6",
    violence: "သတ်|သတ်ဖြတ်|မီးရှို့@0.6|ဖျက်ဆီး@0.5",
    "violence.call": "သတ်ပစ်|သတ်ကြ|သတ်ပစ်ကြ|မီးရှို့ကြ",
    modal: "ရမယ်|ရမည်",
    they: "သူတို့",
    we: "ငါတို့|ကျွန်တော်တို့|ကျွန်ုပ်တို့",
    mirror: "ငါတို့ကို သတ်",
    purity: "ကျူးကျော်|အမျိုးပျောက်",
  },
};

function parseTerm(raw: string): { term: string; weight: number; target: string | null; slur: boolean } {
  let s = raw.trim();
  let weight = 1;
  let target: string | null = null;
  const at = s.lastIndexOf("@");
  if (at > 0 && /^\d*\.?\d+$/.test(s.slice(at + 1))) {
    weight = Number(s.slice(at + 1));
    s = s.slice(0, at);
  }
  const gt = s.indexOf(">");
  if (gt > 0) {
    target = s.slice(gt + 1);
    s = s.slice(0, gt);
  }
  const slur = s.endsWith("!");
  if (slur) s = s.slice(0, -1);
  return { term: s, weight, target, slur };
}

/**
 * The built-in lexicon as plain entries (source `tocsin`): every group term (category `group`, or
 * `slur` for terms marked `!`, both with the group as target) and every cue term.
 *
 * @returns a fresh array of entries
 */
export function builtinLexicon(): LexiconEntry[] {
  const out: LexiconEntry[] = [];
  for (const [group, byLang] of Object.entries(GROUP_TERMS)) {
    for (const [language, terms] of Object.entries(byLang)) {
      for (const raw of terms.split("|")) {
        const p = parseTerm(raw);
        if (!p.term) continue;
        out.push({ term: p.term, language, category: p.slur ? "slur" : "group", weight: p.weight, target: p.target ?? group, source: "tocsin" });
      }
    }
  }
  for (const [language, byCat] of Object.entries(CUE_TERMS)) {
    for (const [category, terms] of Object.entries(byCat)) {
      for (const raw of terms.split("|")) {
        const p = parseTerm(raw);
        if (!p.term) continue;
        out.push({ term: p.term, language, category, weight: p.weight, target: p.target, source: "tocsin" });
      }
    }
  }
  return out;
}

/**
 * Identifies this version of the built-in lexicon: `tocsin-builtin:` + the first 12 hex digits of
 * the SHA-256 of its entries as JSON. Stored in models that use lexicon features.
 */
export function builtinLexiconId(): string {
  return `tocsin-builtin:${createHash("sha256").update(JSON.stringify(builtinLexicon())).digest("hex").slice(0, 12)}`;
}
