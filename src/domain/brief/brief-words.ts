/**
 * The fixed words of a situation brief in each message language. Functions where a sentence wraps
 * data, so each language orders it its own way. Translations other than English await review by a
 * native speaker (docs/glossary.md).
 */
import type { MessageLanguage } from "../i18n/languages.ts";

/** Every fixed text of a brief. */
export interface BriefWords {
  alertLevel: string;
  notAssessed: string;
  noLevelYet: string;
  previously: (level: string) => string;
  override: string;
  overrideText: (o: { level: string; rules: string; on: string | null; by: string | null; until: string | null; reason: string }) => string;
  reassess: (on: string, overdue: boolean) => string;
  since: (day: string) => string;
  missing: string;
  structuralRisk: string;
  noForecast: string;
  riskTitle: (years: string) => string;
  change: (dir: "up" | "down" | "unchanged", rank: number, years: string) => string;
  noEarlier: string;
  twoYearRisk: string;
  interval90: string;
  rankOf: (ranked: number) => string;
  rank: string;
  legend: { backtest: string; rank: string; interval: string; newest: string };
  topDrivers: string;
  logOdds: string;
  driversNote: (model: string, run: number, baseYear: number) => string;
  escalations: string;
  noEvents: string;
  scope: (o: { events: string; deaths: string; from: string; to: string; sources: string; detector: string }) => string;
  storedEvents: string;
  noEscalation: string;
  wholeCountry: string;
  more: (n: number) => string;
  escalationHead: [string, string, string, string, string, string];
  speech: string;
  noSpeech: string;
  speechLine: (o: { total: string; weeks: number; from: string; flagged: string }) => string;
  hallmarks: (list: string) => string;
  noSpikes: string;
  itemsPerWeek: string;
  incidents: string;
  noIncidents: string;
  placeWithheld: string;
  against: (group: string) => string;
  earlier: (n: number) => string;
  incidentHead: [string, string, string, string];
  incidentNote: string;
  assessment: string;
  noAssessment: string;
  disagreement: string;
  assessedLine: (o: { framework: string; assessed: string; published: string; count: number }) => string;
  response: string;
  noActions: string;
  publicActions: string;
  responseHead: [string, string, string, string, string];
  sources: string;
  sourcesHead: [string, string, string, string, string];
  noDatasets: string;
  modelLine: (o: { model: string; description: string; run: number; made: string; baseYear: number }) => string;
  sourcesNote: (version: string, at: string) => string;
  publicBrief: string;
  orgBrief: string;
  kicker: string;
  asOf: (day: string) => string;
  title: (name: string, iso3: string, day: string) => string;
  footer: string;
  /** Shown above data-derived sentences (explanations, signals) that Tocsin writes in English only. */
  englishOnly: string;
  perpetrator: Readonly<Record<string, string>>;
  severity: Readonly<Record<string, string>>;
  instrument: Readonly<Record<string, string>>;
}

const en: BriefWords = {
  alertLevel: "Alert level",
  notAssessed: "Not assessed",
  noLevelYet: "No alert level has been computed for this country yet.",
  previously: (l) => `previously ${l}`,
  override: "Analyst override:",
  overrideText: (o) => `level set to ${o.level} (the rules say ${o.rules})${o.on ? ` on ${o.on}` : ""}${o.by ? ` by ${o.by}` : ""}${o.until ? `, until ${o.until}` : ""}. Reason: ${o.reason}`,
  reassess: (on, overdue) => `Reassessment due ${on}${overdue ? " — overdue" : ""}.`,
  since: (d) => `since ${d}`,
  missing: "missing",
  structuralRisk: "Structural risk",
  noForecast: "No forecast is stored for this country.",
  riskTitle: (y) => `Structural risk of a new mass killing, ${y}`,
  change: (d, r, y) => `${d} from #${r} (${y})`,
  noEarlier: "no earlier forecast",
  twoYearRisk: "two-year risk of a new onset",
  interval90: "90 % bootstrap interval",
  rankOf: (n) => `of ${n}`,
  rank: "rank",
  legend: { backtest: "out-of-sample backtest", rank: "rank", interval: "90 % interval", newest: "newest forecast" },
  topDrivers: "Top drivers (value)",
  logOdds: "log-odds",
  driversNote: (m, r, y) => `Contributions to the forecast's log-odds relative to the average country in the training data; red raises the risk, green lowers it. Model ${m}, run ${r} on data to ${y}.`,
  escalations: "Recent escalations",
  noEvents: "No conflict-event data is stored for this country.",
  scope: (o) => `${o.events} events and ${o.deaths} deaths recorded from ${o.from} to ${o.to} (${o.sources}; detector ${o.detector}).`,
  storedEvents: "stored events",
  noEscalation: "No escalation was detected in this window.",
  wholeCountry: "whole country",
  more: (n) => `and ${n} more.`,
  escalationHead: ["Period", "Where", "Severity", "Events", "Deaths", "Civilian deaths"],
  speech: "Dangerous-speech trends",
  noSpeech: "No monitored speech is stored for this country.",
  speechLine: (o) => `${o.total} items in ${o.weeks} weeks from ${o.from}; ${o.flagged} carried a dangerous-speech hallmark.`,
  hallmarks: (l) => ` Most frequent hallmarks: ${l}.`,
  noSpikes: "No spikes detected.",
  itemsPerWeek: "items per week",
  incidents: "Verified incidents",
  noIncidents: "No verified incident reports have been published for this country.",
  placeWithheld: "place withheld",
  against: (g) => `against ${g}`,
  earlier: (n) => `${n} earlier published reports are not shown.`,
  incidentHead: ["Date", "Place (blurred)", "What happened", "Killed"],
  incidentNote: "Verified and published reports only. Locations are blurred and dates given to the day to protect reporters and witnesses.",
  assessment: "Analyst assessment",
  noAssessment: "No analyst assessment has been published for this country.",
  disagreement: "Disagreement:",
  assessedLine: (o) => `— ${o.framework}; assessed ${o.assessed}, published ${o.published}${o.count > 1 ? `; newest of ${o.count} published assessments` : ""}`,
  response: "Response options and status",
  noActions: "No response actions recorded.",
  publicActions: " Actions taken are kept by each organisation and shown only to its members.",
  responseHead: ["Instrument", "Option", "Status", "Owner", "Deadline"],
  sources: "Sources and data versions",
  sourcesHead: ["Data set", "File", "SHA-256", "Rows", "Imported"],
  noDatasets: "No imported data sets.",
  modelLine: (o) => `Forecast: model ${o.model} (${o.description}), run ${o.run} made ${o.made} on data to ${o.baseYear}. `,
  sourcesNote: (v, at) => `Sources: Early Warning Project (US Holocaust Memorial Museum and Dartmouth College) country-year data; UCDP Georeferenced Event Dataset (CC BY 4.0) where imported. Generated by Tocsin ${v} at ${at} UTC.`,
  publicBrief: "Public brief",
  orgBrief: "Contains organisation data — do not forward",
  kicker: "Tocsin situation brief",
  asOf: (d) => `as of ${d}`,
  title: (n, i, d) => `Situation brief: ${n} (${i}) — ${d}`,
  footer: "Tocsin is an open-source early-warning system. Statistical forecasts describe structural risk, not certainty; read them with the event data, reports and analyst judgement above.",
  englishOnly: "",
  perpetrator: {},
  severity: {},
  instrument: {},
};

const fr: BriefWords = {
  alertLevel: "Niveau d'alerte",
  notAssessed: "Non évalué",
  noLevelYet: "Aucun niveau d'alerte n'a encore été calculé pour ce pays.",
  previously: (l) => `auparavant ${l}`,
  override: "Forçage par un analyste :",
  overrideText: (o) => `niveau fixé à ${o.level} (les règles donnent ${o.rules})${o.on ? ` le ${o.on}` : ""}${o.by ? ` par ${o.by}` : ""}${o.until ? `, jusqu'au ${o.until}` : ""}. Raison : ${o.reason}`,
  reassess: (on, overdue) => `Réévaluation prévue le ${on}${overdue ? " — en retard" : ""}.`,
  since: (d) => `depuis le ${d}`,
  missing: "manquant",
  structuralRisk: "Risque structurel",
  noForecast: "Aucune prévision n'est enregistrée pour ce pays.",
  riskTitle: (y) => `Risque structurel d'une nouvelle tuerie de masse, ${y}`,
  change: (d, r, y) => `${d === "up" ? "en hausse" : d === "down" ? "en baisse" : "inchangé"} par rapport au n° ${r} (${y})`,
  noEarlier: "pas de prévision antérieure",
  twoYearRisk: "risque à deux ans d'un nouveau début",
  interval90: "intervalle bootstrap à 90 %",
  rankOf: (n) => `sur ${n}`,
  rank: "rang",
  legend: { backtest: "backtest hors échantillon", rank: "rang", interval: "intervalle à 90 %", newest: "dernière prévision" },
  topDrivers: "Principaux facteurs (valeur)",
  logOdds: "log-odds",
  driversNote: (m, r, y) => `Contributions au log-odds de la prévision par rapport au pays moyen des données d'entraînement ; le rouge augmente le risque, le vert le réduit. Modèle ${m}, exécution ${r} sur les données jusqu'à ${y}.`,
  escalations: "Escalades récentes",
  noEvents: "Aucune donnée d'événements de conflit n'est enregistrée pour ce pays.",
  scope: (o) => `${o.events} événements et ${o.deaths} morts enregistrés du ${o.from} au ${o.to} (${o.sources} ; détecteur ${o.detector}).`,
  storedEvents: "événements enregistrés",
  noEscalation: "Aucune escalade détectée sur cette période.",
  wholeCountry: "tout le pays",
  more: (n) => `et ${n} de plus.`,
  escalationHead: ["Période", "Lieu", "Gravité", "Événements", "Morts", "Morts civils"],
  speech: "Tendances des discours dangereux",
  noSpeech: "Aucun discours surveillé n'est enregistré pour ce pays.",
  speechLine: (o) => `${o.total} textes en ${o.weeks} semaines depuis le ${o.from} ; ${o.flagged} portaient un marqueur de discours dangereux.`,
  hallmarks: (l) => ` Marqueurs les plus fréquents : ${l}.`,
  noSpikes: "Aucun pic détecté.",
  itemsPerWeek: "textes par semaine",
  incidents: "Incidents vérifiés",
  noIncidents: "Aucun signalement d'incident vérifié n'a été publié pour ce pays.",
  placeWithheld: "lieu non communiqué",
  against: (g) => `contre ${g}`,
  earlier: (n) => `${n} signalements publiés plus anciens ne sont pas montrés.`,
  incidentHead: ["Date", "Lieu (flouté)", "Ce qui s'est passé", "Tués"],
  incidentNote: "Signalements vérifiés et publiés uniquement. Les lieux sont floutés et les dates données au jour près pour protéger les auteurs des signalements et les témoins.",
  assessment: "Évaluation des analystes",
  noAssessment: "Aucune évaluation d'analyste n'a été publiée pour ce pays.",
  disagreement: "Désaccord :",
  assessedLine: (o) => `— ${o.framework} ; évaluée le ${o.assessed}, publiée le ${o.published}${o.count > 1 ? ` ; la plus récente de ${o.count} évaluations publiées` : ""}`,
  response: "Options de réponse et état",
  noActions: "Aucune action de réponse enregistrée.",
  publicActions: " Les actions menées sont conservées par chaque organisation et montrées à ses seuls membres.",
  responseHead: ["Instrument", "Option", "État", "Responsable", "Échéance"],
  sources: "Sources et versions des données",
  sourcesHead: ["Jeu de données", "Fichier", "SHA-256", "Lignes", "Importé"],
  noDatasets: "Aucun jeu de données importé.",
  modelLine: (o) => `Prévision : modèle ${o.model} (${o.description}), exécution ${o.run} du ${o.made} sur les données jusqu'à ${o.baseYear}. `,
  sourcesNote: (v, at) => `Sources : données pays-année de l'Early Warning Project (US Holocaust Memorial Museum et Dartmouth College) ; UCDP Georeferenced Event Dataset (CC BY 4.0) s'il est importé. Produit par Tocsin ${v} le ${at} UTC.`,
  publicBrief: "Note publique",
  orgBrief: "Contient des données de l'organisation — ne pas transférer",
  kicker: "Note de situation Tocsin",
  asOf: (d) => `au ${d}`,
  title: (n, i, d) => `Note de situation : ${n} (${i}) — ${d}`,
  footer: "Tocsin est un système d'alerte précoce libre. Les prévisions statistiques décrivent un risque structurel, pas une certitude ; lisez-les avec les données d'événements, les signalements et le jugement des analystes ci-dessus.",
  englishOnly: "Les explications produites par les règles sont en anglais.",
  perpetrator: { unknown: "inconnu", state_forces: "forces de l'État", police: "police", non_state_armed_group: "groupe armé non étatique", militia: "milice", civilians: "civils", other: "autre" },
  severity: { low: "faible", moderate: "modérée", high: "élevée", critical: "critique" },
  instrument: { diplomatic: "Diplomatique", legal: "Juridique et redevabilité", humanitarian: "Humanitaire", economic: "Économique", military: "Militaire et protection", information: "Information" },
};

const es: BriefWords = {
  alertLevel: "Nivel de alerta",
  notAssessed: "Sin evaluar",
  noLevelYet: "Todavía no se ha calculado ningún nivel de alerta para este país.",
  previously: (l) => `antes ${l}`,
  override: "Anulación por un analista:",
  overrideText: (o) => `nivel fijado en ${o.level} (las reglas dicen ${o.rules})${o.on ? ` el ${o.on}` : ""}${o.by ? ` por ${o.by}` : ""}${o.until ? `, hasta el ${o.until}` : ""}. Motivo: ${o.reason}`,
  reassess: (on, overdue) => `Reevaluación prevista el ${on}${overdue ? " — vencida" : ""}.`,
  since: (d) => `desde el ${d}`,
  missing: "sin dato",
  structuralRisk: "Riesgo estructural",
  noForecast: "No hay ninguna previsión guardada para este país.",
  riskTitle: (y) => `Riesgo estructural de una nueva matanza masiva, ${y}`,
  change: (d, r, y) => `${d === "up" ? "sube" : d === "down" ? "baja" : "sin cambios"} desde el n.º ${r} (${y})`,
  noEarlier: "sin previsión anterior",
  twoYearRisk: "riesgo a dos años de un nuevo inicio",
  interval90: "intervalo bootstrap del 90 %",
  rankOf: (n) => `de ${n}`,
  rank: "puesto",
  legend: { backtest: "backtest fuera de muestra", rank: "puesto", interval: "intervalo del 90 %", newest: "previsión más reciente" },
  topDrivers: "Factores principales (valor)",
  logOdds: "log-odds",
  driversNote: (m, r, y) => `Contribuciones al log-odds de la previsión respecto al país medio de los datos de entrenamiento; el rojo aumenta el riesgo, el verde lo reduce. Modelo ${m}, ejecución ${r} con datos hasta ${y}.`,
  escalations: "Escaladas recientes",
  noEvents: "No hay datos de eventos de conflicto guardados para este país.",
  scope: (o) => `${o.events} eventos y ${o.deaths} muertes registrados del ${o.from} al ${o.to} (${o.sources}; detector ${o.detector}).`,
  storedEvents: "eventos guardados",
  noEscalation: "No se detectó ninguna escalada en este periodo.",
  wholeCountry: "todo el país",
  more: (n) => `y ${n} más.`,
  escalationHead: ["Periodo", "Dónde", "Gravedad", "Eventos", "Muertes", "Muertes de civiles"],
  speech: "Tendencias del discurso peligroso",
  noSpeech: "No hay discursos vigilados guardados para este país.",
  speechLine: (o) => `${o.total} textos en ${o.weeks} semanas desde el ${o.from}; ${o.flagged} tenían un rasgo de discurso peligroso.`,
  hallmarks: (l) => ` Rasgos más frecuentes: ${l}.`,
  noSpikes: "No se detectaron picos.",
  itemsPerWeek: "textos por semana",
  incidents: "Incidentes verificados",
  noIncidents: "No se ha publicado ningún informe de incidente verificado para este país.",
  placeWithheld: "lugar reservado",
  against: (g) => `contra ${g}`,
  earlier: (n) => `No se muestran ${n} informes publicados anteriores.`,
  incidentHead: ["Fecha", "Lugar (difuminado)", "Qué ocurrió", "Muertos"],
  incidentNote: "Solo informes verificados y publicados. Los lugares se difuminan y las fechas se dan al día para proteger a quienes informan y a los testigos.",
  assessment: "Evaluación de analistas",
  noAssessment: "No se ha publicado ninguna evaluación de analistas para este país.",
  disagreement: "Desacuerdo:",
  assessedLine: (o) => `— ${o.framework}; evaluada el ${o.assessed}, publicada el ${o.published}${o.count > 1 ? `; la más reciente de ${o.count} evaluaciones publicadas` : ""}`,
  response: "Opciones de respuesta y estado",
  noActions: "No hay acciones de respuesta registradas.",
  publicActions: " Las acciones las guarda cada organización y solo se muestran a sus miembros.",
  responseHead: ["Instrumento", "Opción", "Estado", "Responsable", "Plazo"],
  sources: "Fuentes y versiones de los datos",
  sourcesHead: ["Conjunto de datos", "Archivo", "SHA-256", "Filas", "Importado"],
  noDatasets: "No hay conjuntos de datos importados.",
  modelLine: (o) => `Previsión: modelo ${o.model} (${o.description}), ejecución ${o.run} del ${o.made} con datos hasta ${o.baseYear}. `,
  sourcesNote: (v, at) => `Fuentes: datos país-año del Early Warning Project (US Holocaust Memorial Museum y Dartmouth College); UCDP Georeferenced Event Dataset (CC BY 4.0) si se ha importado. Generado por Tocsin ${v} el ${at} UTC.`,
  publicBrief: "Informe público",
  orgBrief: "Contiene datos de la organización — no reenviar",
  kicker: "Informe de situación de Tocsin",
  asOf: (d) => `a ${d}`,
  title: (n, i, d) => `Informe de situación: ${n} (${i}) — ${d}`,
  footer: "Tocsin es un sistema de alerta temprana de código abierto. Las previsiones estadísticas describen un riesgo estructural, no una certeza; léalas junto con los datos de eventos, los informes y el juicio de los analistas.",
  englishOnly: "Las explicaciones que generan las reglas están en inglés.",
  perpetrator: { unknown: "desconocido", state_forces: "fuerzas del Estado", police: "policía", non_state_armed_group: "grupo armado no estatal", militia: "milicia", civilians: "civiles", other: "otro" },
  severity: { low: "baja", moderate: "moderada", high: "alta", critical: "crítica" },
  instrument: { diplomatic: "Diplomático", legal: "Jurídico y rendición de cuentas", humanitarian: "Humanitario", economic: "Económico", military: "Militar y de protección", information: "Información" },
};

const ar: BriefWords = {
  alertLevel: "مستوى التنبيه",
  notAssessed: "غير مقيَّم",
  noLevelYet: "لم يُحسب أي مستوى تنبيه لهذه الدولة بعد.",
  previously: (l) => `سابقًا ${l}`,
  override: "تجاوز من محلل:",
  overrideText: (o) => `ضُبط المستوى على ${o.level} (القواعد تقول ${o.rules})${o.on ? ` في ${o.on}` : ""}${o.by ? ` بواسطة ${o.by}` : ""}${o.until ? `، حتى ${o.until}` : ""}. السبب: ${o.reason}`,
  reassess: (on, overdue) => `إعادة التقييم مستحقة في ${on}${overdue ? " — متأخرة" : ""}.`,
  since: (d) => `منذ ${d}`,
  missing: "مفقود",
  structuralRisk: "الخطر البنيوي",
  noForecast: "لا يوجد تنبؤ محفوظ لهذه الدولة.",
  riskTitle: (y) => `الخطر البنيوي لوقوع قتل جماعي جديد، ${y}`,
  change: (d, r, y) => `${d === "up" ? "صعودًا" : d === "down" ? "هبوطًا" : "دون تغيير"} من المرتبة ${r} (${y})`,
  noEarlier: "لا تنبؤ سابق",
  twoYearRisk: "خطر بدء جديد خلال سنتين",
  interval90: "فترة bootstrap بنسبة 90٪",
  rankOf: (n) => `من ${n}`,
  rank: "الترتيب",
  legend: { backtest: "اختبار رجعي خارج العينة", rank: "الترتيب", interval: "فترة 90٪", newest: "أحدث تنبؤ" },
  topDrivers: "أهم العوامل (القيمة)",
  logOdds: "لوغاريتم الأرجحية",
  driversNote: (m, r, y) => `الإسهامات في لوغاريتم أرجحية التنبؤ مقارنة بالدولة المتوسطة في بيانات التدريب؛ الأحمر يرفع الخطر والأخضر يخفضه. النموذج ${m}، التشغيل ${r} على بيانات حتى ${y}.`,
  escalations: "التصعيدات الأخيرة",
  noEvents: "لا توجد بيانات أحداث نزاع محفوظة لهذه الدولة.",
  scope: (o) => `${o.events} حدثًا و${o.deaths} وفاة مسجلة من ${o.from} إلى ${o.to} (${o.sources}؛ الكاشف ${o.detector}).`,
  storedEvents: "الأحداث المحفوظة",
  noEscalation: "لم يُكتشف أي تصعيد في هذه الفترة.",
  wholeCountry: "الدولة كلها",
  more: (n) => `و${n} غيرها.`,
  escalationHead: ["الفترة", "المكان", "الشدة", "الأحداث", "الوفيات", "وفيات المدنيين"],
  speech: "اتجاهات الخطاب الخطير",
  noSpeech: "لا يوجد خطاب مرصود محفوظ لهذه الدولة.",
  speechLine: (o) => `${o.total} نصًا في ${o.weeks} أسبوعًا منذ ${o.from}؛ ${o.flagged} منها حملت سمة من سمات الخطاب الخطير.`,
  hallmarks: (l) => ` أكثر السمات تكرارًا: ${l}.`,
  noSpikes: "لم تُكتشف ذرى.",
  itemsPerWeek: "النصوص أسبوعيًا",
  incidents: "الحوادث المتحقق منها",
  noIncidents: "لم يُنشر أي بلاغ حادثة متحقق منه لهذه الدولة.",
  placeWithheld: "المكان محجوب",
  against: (g) => `ضد ${g}`,
  earlier: (n) => `لا تُعرض ${n} بلاغات منشورة أقدم.`,
  incidentHead: ["التاريخ", "المكان (مموّه)", "ماذا حدث", "القتلى"],
  incidentNote: "البلاغات المتحقق منها والمنشورة فقط. المواقع مموّهة والتواريخ باليوم لحماية المبلّغين والشهود.",
  assessment: "تقييم المحللين",
  noAssessment: "لم يُنشر أي تقييم للمحللين لهذه الدولة.",
  disagreement: "اختلاف:",
  assessedLine: (o) => `— ${o.framework}؛ قُيّم في ${o.assessed}، نُشر في ${o.published}${o.count > 1 ? `؛ الأحدث من ${o.count} تقييمات منشورة` : ""}`,
  response: "خيارات الاستجابة وحالتها",
  noActions: "لم تُسجل إجراءات استجابة.",
  publicActions: " تحتفظ كل منظمة بالإجراءات المتخذة ولا تُعرض إلا لأعضائها.",
  responseHead: ["الأداة", "الخيار", "الحالة", "المسؤول", "الموعد النهائي"],
  sources: "المصادر ونسخ البيانات",
  sourcesHead: ["مجموعة البيانات", "الملف", "SHA-256", "الصفوف", "تاريخ الاستيراد"],
  noDatasets: "لا مجموعات بيانات مستوردة.",
  modelLine: (o) => `التنبؤ: النموذج ${o.model} (${o.description})، التشغيل ${o.run} في ${o.made} على بيانات حتى ${o.baseYear}. `,
  sourcesNote: (v, at) => `المصادر: بيانات الدولة-السنة لمشروع الإنذار المبكر (متحف ذكرى الهولوكوست الأمريكي وكلية دارتموث)؛ ومجموعة بيانات الأحداث الجغرافية UCDP (CC BY 4.0) عند استيرادها. أُنشئ بواسطة توكسين ${v} في ${at} UTC.`,
  publicBrief: "موجز عام",
  orgBrief: "يحتوي بيانات المنظمة — لا تُعِد إرساله",
  kicker: "موجز الوضع من توكسين",
  asOf: (d) => `حتى ${d}`,
  title: (n, i, d) => `موجز الوضع: ${n} (${i}) — ${d}`,
  footer: "توكسين نظام إنذار مبكر مفتوح المصدر. التنبؤات الإحصائية تصف خطرًا بنيويًا لا يقينًا؛ اقرأها مع بيانات الأحداث والبلاغات وتقدير المحللين أعلاه.",
  englishOnly: "الشروح التي تولدها القواعد باللغة الإنجليزية.",
  perpetrator: { unknown: "غير معروف", state_forces: "قوات الدولة", police: "الشرطة", non_state_armed_group: "جماعة مسلحة غير حكومية", militia: "ميليشيا", civilians: "مدنيون", other: "أخرى" },
  severity: { low: "منخفضة", moderate: "متوسطة", high: "مرتفعة", critical: "حرجة" },
  instrument: { diplomatic: "دبلوماسي", legal: "قانوني ومساءلة", humanitarian: "إنساني", economic: "اقتصادي", military: "عسكري وحماية", information: "إعلامي" },
};

/** The brief's words per language. */
export const BRIEF_WORDS: Readonly<Record<MessageLanguage, BriefWords>> = { en, fr, es, ar };
