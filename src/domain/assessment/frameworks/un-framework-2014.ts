/**
 * Built-in template following the structure of the UN Framework of Analysis for Atrocity Crimes
 * (2014): 8 common risk factors and 6 specific ones (2 for genocide, 2 for crimes against humanity,
 * 2 for war crimes), numbered 1–14 as in the framework. The indicator numbering (`1.1`, `1.2`, …)
 * follows the framework's structure of numbered indicators per factor, but the indicator wording,
 * selection and guidance here are the project's own summaries, written for analysts filling in an
 * assessment; they do not reproduce the UN document's text. Read the framework itself for its
 * authoritative wording.
 */
import { DEFAULT_SCALE, type Factor, type Framework } from "../framework.ts";

type Row = [text: string, guidance: string];

function factor(id: number, name: string, group: string, description: string, rows: Row[]): Factor {
  return { id: String(id), name, group, description, weight: 1, indicators: rows.map(([text, guidance], i) => ({ id: `${id}.${i + 1}`, text, guidance })) };
}

/** The UN Framework of Analysis for Atrocity Crimes (2014), as a Tocsin template (version 1). */
export const UN_FRAMEWORK_2014: Framework = {
  key: "un-framework-2014",
  version: 1,
  name: "UN Framework of Analysis for Atrocity Crimes (2014)",
  description:
    "Fourteen risk factors for genocide, crimes against humanity and war crimes: eight common to all three and six specific to one crime. Score each indicator from the evidence; the factor and overall summaries follow from the answers.",
  source: "Structure after the UN Office on Genocide Prevention and the Responsibility to Protect, Framework of Analysis for Atrocity Crimes (2014); indicator wording and guidance are Tocsin's own.",
  scale: DEFAULT_SCALE,
  factors: [
    factor(1, "Situations of armed conflict or other forms of instability", "common", "Violence, emergencies and crises that loosen restraints and make atrocities easier to carry out or to hide.", [
      ["Armed conflict, international or internal, is under way", "Look for sustained fighting between organised armed groups or between states, including low-intensity insurgencies; count battle-related deaths where data exist."],
      ["A state of emergency or similar exceptional rule is in force", "Martial law, emergency decrees or suspended constitutional guarantees, especially when open-ended or used against particular groups."],
      ["Political instability from a coup, contested transition or collapse of authority", "Irregular changes of government, disputed elections followed by unrest, or rival claims to power."],
      ["Economic or humanitarian crisis that strains the state and society", "Sharp economic collapse, famine, mass displacement or disasters that sharpen competition for resources."],
      ["Armed violence spills over from neighbouring countries", "Refugee flows, cross-border armed groups or external interference feeding local tensions."],
    ]),
    factor(2, "Record of serious violations of international human rights and humanitarian law", "common", "Past or present abuses, especially unpunished ones, show what actors are willing to do and signal that they can act without consequence.", [
      ["Serious violations against particular groups have occurred in the past", "Documented massacres, expulsions, mass detention or sexual violence targeting a group, even decades ago."],
      ["Violations continue now, or are rising", "Current reporting by UN bodies, credible NGOs or local monitors of killings, torture, disappearances or forced displacement."],
      ["Past crimes went unpunished or were denied", "No prosecutions, amnesties for perpetrators, official denial or glorification of past violence."],
      ["Victims have had no remedy or truth-telling", "Absence of reparations, commissions or memorialisation; unresolved grievances among affected groups."],
    ]),
    factor(3, "Weakness of State structures", "common", "Institutions that cannot or will not protect people leave populations exposed.", [
      ["The legal framework gives weak protection against atrocity crimes", "Missing domestic law on genocide and crimes against humanity, or treaties not ratified; discriminatory laws."],
      ["The judiciary is not independent or effective", "Courts controlled by the executive, military courts for civilians, or courts that cannot reach security forces."],
      ["Security forces are not under effective civilian and legal control", "Militaries or police acting with autonomy, parallel chains of command, or no oversight."],
      ["National human rights institutions and oversight bodies are absent or ineffective", "No independent commission, ombudsperson or parliamentary oversight, or bodies that exist only on paper."],
      ["Corruption or capture of state institutions is pervasive", "State organs serving a faction, patronage networks deciding security appointments."],
    ]),
    factor(4, "Motives or incentives", "common", "Reasons — political, economic, ideological or identity-based — that could lead actors to commit atrocities.", [
      ["Political motives to eliminate or exclude opponents or groups", "Leaders whose hold on power depends on excluding a group, or who frame a group as a threat to the nation."],
      ["Economic interests in land, resources or displacement", "Land grabs, extractive projects or development schemes in areas inhabited by targeted groups."],
      ["Exclusionary ideology or identity politics", "Doctrines of ethnic, religious or national purity; narratives of a group as alien or disloyal."],
      ["Strategic or military goals served by targeting civilians", "Counter-insurgency doctrines that treat a population as the enemy's base (for example 'cutting the roots')."],
      ["Real or perceived past grievances and fear of the other group", "Memory of past violence used to justify pre-emptive action; security dilemmas between groups."],
    ]),
    factor(5, "Capacity to commit atrocity crimes", "common", "The means — people, weapons, organisation, money and support — needed to carry out large-scale violence.", [
      ["Personnel and arms are available in numbers sufficient for mass violence", "Large security forces or armed groups, recent arms acquisitions, stockpiles accessible to potential perpetrators."],
      ["Militias or irregular forces can be mobilised", "Armed civilian groups, paramilitaries or proxies, especially those tied to state actors."],
      ["Logistics, transport and communications for coordinated action exist", "Ability to move forces, run detention or transfer people at scale."],
      ["Financial or material support from inside or outside the country", "Funding, weapons transfers or diplomatic cover from allies, diaspora or business networks."],
      ["Capacity to encourage or recruit large numbers of supporters", "Mass organisations, party structures or media able to mobilise participants."],
    ]),
    factor(6, "Absence of mitigating factors", "common", "Missing protections that could stop or slow a slide towards atrocities; answer 'present' when the protection is missing.", [
      ["Civil society and independent media are weak, repressed or silenced", "Closures, arrests of journalists and activists, internet shutdowns, restrictive NGO laws."],
      ["International or regional presence and scrutiny are lacking", "No UN or regional mission, restricted access for monitors and humanitarian agencies."],
      ["No effective international engagement or leverage is being used", "Absent or blocked Security Council action, no targeted sanctions, divided regional response."],
      ["Population has little access to protection or escape routes", "Closed borders, movement restrictions, no safe areas or asylum options."],
      ["Local leaders and institutions that could resist violence are absent or sidelined", "Moderate religious or community leaders silenced; no cross-group institutions."],
    ]),
    factor(7, "Enabling circumstances or preparatory action", "common", "Events or measures, sudden or gradual, that show preparation for or create the conditions for atrocities.", [
      ["Emergency laws or measures that suspend rights or expand security powers are introduced", "New laws granting immunity, broad arrest powers or curbs on movement and assembly."],
      ["Armed forces or militias are strengthened, created or deployed near targeted groups", "New units, recruitment drives, arming of civilians or unusual troop movements."],
      ["Lists, registration or marking of members of a group", "Identity documents noting ethnicity or religion, census exercises used to single out a group."],
      ["Incitement, hate propaganda or dehumanising rhetoric increases", "Tie to the dangerous-speech monitor; note speakers, channels and audiences."],
      ["Restrictions imposed on a group's movement, livelihoods or access to aid", "Curfews, blockades, confiscation of property, denial of humanitarian access."],
      ["Expulsion of or restrictions on international actors and observers", "Expelled journalists or NGOs, denied visas to UN investigators."],
    ]),
    factor(8, "Triggering factors", "common", "Events that could, even if unrelated, set off or accelerate violence.", [
      ["Upcoming or disputed elections, referendums or transitions of power", "Election calendars, succession crises, contested results."],
      ["Sudden changes in the balance of power or in conflict dynamics", "Battlefield gains or losses, withdrawal of peacekeepers or foreign forces."],
      ["Commemorations, symbolic dates or religious events with a history of violence", "Anniversaries of past massacres, contested festivals."],
      ["Acts of violence that could provoke retaliation, such as an attack or an assassination", "High-profile attacks on leaders or on security forces blamed on a group."],
      ["Sudden economic shocks or natural disasters", "Currency collapse, price spikes, floods or earthquakes that shift resources and attention."],
    ]),
    factor(9, "Intergroup tensions or patterns of discrimination against protected groups", "genocide", "Specific to genocide: relations between a protected (national, ethnic, racial or religious) group and others, and how the group is treated.", [
      ["Past or present serious tensions or conflict between groups", "History of intercommunal violence, segregation or recurring clashes."],
      ["Systematic discrimination in law or practice against a protected group", "Denial of citizenship, restrictions on marriage, education, worship or employment."],
      ["Denial of the existence or identity of a protected group", "Official refusal to recognise a group's name, history or belonging."],
      ["Serious violations against a protected group that have gone without response", "Attacks on the group tolerated or encouraged by authorities."],
    ]),
    factor(10, "Signs of an intent to destroy in whole or in part a protected group", "genocide", "Specific to genocide: evidence from words, plans or patterns of conduct that someone intends the physical or biological destruction of a protected group.", [
      ["Statements by leaders or influential figures calling for the group's removal or destruction", "Direct or coded calls; record the speaker, date, medium and audience."],
      ["Targeting of the group's members because of their membership", "Selection of victims by identity; killings of men of fighting age; targeting of community leaders."],
      ["Measures that prevent births or forcibly transfer children of the group", "Birth restrictions, forced sterilisation, removal of children to other groups."],
      ["Deliberate infliction of living conditions that could destroy the group", "Starvation, denial of medical care, forced relocation to uninhabitable areas."],
      ["Destruction of cultural or religious property and symbols of the group", "Razing of villages, mosques, churches, cemeteries; renaming of places."],
    ]),
    factor(11, "Signs of a widespread or systematic attack against any civilian population", "crimes-against-humanity", "Specific to crimes against humanity: the scale or organised character of attacks on civilians.", [
      ["Attacks on civilians occur over a large area or affect many victims", "Number of locations and victims; spread across regions."],
      ["Attacks follow a pattern or are organised, not random", "Similar methods, timing or perpetrators; use of state resources."],
      ["Growing use of arbitrary detention, torture or enforced disappearance", "Mass arrests, secret detention sites, incommunicado detention."],
      ["Sexual and gender-based violence used against civilians", "Reports of rape or sexual violence by armed actors, especially if patterned."],
      ["Forced displacement or deportation of civilians", "Mass flight following attacks, destroyed homes, bars on return."],
    ]),
    factor(12, "Signs of a plan or policy to attack any civilian population", "crimes-against-humanity", "Specific to crimes against humanity: indications that attacks follow a state or organisational policy.", [
      ["Official documents, orders or statements that set out or endorse attacks on civilians", "Leaked orders, policy papers, public statements by commanders."],
      ["Creation or use of special units, militias or structures for the attacks", "New command structures or units linked to repeated attacks."],
      ["Coordination between state institutions and non-state actors in the attacks", "Militias acting with state logistics, impunity or protection."],
      ["Preparations such as stockpiling, mapping targets or building detention capacity", "Satellite imagery of new camps, procurement records."],
    ]),
    factor(13, "Serious threats to those protected under international humanitarian law", "war-crimes", "Specific to war crimes: threats to civilians, detainees, the wounded and others protected in armed conflict.", [
      ["Parties to the conflict do not distinguish between civilians and combatants", "Indiscriminate shelling or airstrikes on populated areas."],
      ["Attacks on protected objects such as hospitals, schools or places of worship", "Records of strikes on such objects, especially repeated ones."],
      ["Mistreatment or killing of detainees, the wounded or those who surrendered", "Summary executions, torture of prisoners."],
      ["Recruitment and use of children by armed forces or groups", "UN reports on grave violations against children."],
      ["Use of prohibited weapons or methods of warfare", "Landmines near civilian areas, starvation as a method, human shields."],
    ]),
    factor(14, "Serious threats to humanitarian or peacekeeping operations", "war-crimes", "Specific to war crimes: threats to people and objects involved in humanitarian assistance or peacekeeping.", [
      ["Attacks on humanitarian workers, convoys or premises", "Aid worker security incidents; looting of supplies."],
      ["Obstruction or denial of humanitarian access", "Blocked convoys, denied travel authorisations, bureaucratic impediments."],
      ["Threats or attacks against peacekeepers or international observers", "Incidents involving UN or regional mission personnel."],
      ["Misuse of humanitarian emblems or of aid to gain military advantage", "Aid diverted to forces; military use of marked vehicles."],
    ]),
  ],
};
