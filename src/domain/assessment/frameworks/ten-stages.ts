/**
 * Built-in template following Genocide Watch's Ten Stages of Genocide (Gregory H. Stanton): one
 * factor per stage, in the stages' order, each with a few numbered indicators (`1.1`, `1.2`, …).
 * The stages are not strictly sequential — several can be present at once — so each is scored on
 * its own. Indicator wording and guidance are the project's own.
 */
import { DEFAULT_SCALE, type Factor, type Framework } from "../framework.ts";

type Row = [text: string, guidance: string];

function stage(id: number, name: string, description: string, rows: Row[]): Factor {
  return { id: String(id), name, group: "stage", description, weight: 1, indicators: rows.map(([text, guidance], i) => ({ id: `${id}.${i + 1}`, text, guidance })) };
}

/** Genocide Watch's Ten Stages, as a Tocsin template (version 1). */
export const TEN_STAGES: Framework = {
  key: "ten-stages",
  version: 1,
  name: "Ten Stages of Genocide (Genocide Watch)",
  description: "The ten processes Genocide Watch describes as leading to and following genocide. Stages overlap and can run in parallel; score each one from the evidence.",
  source: "Structure after Gregory H. Stanton, The Ten Stages of Genocide (Genocide Watch); indicator wording and guidance are Tocsin's own.",
  scale: DEFAULT_SCALE,
  factors: [
    stage(1, "Classification", "Society divides people into 'us and them' by ethnicity, religion, nationality or race.", [
      ["Public life is organised around group membership", "Parties, schools or neighbourhoods split along group lines with little shared space."],
      ["Official categories single out a group", "Census, identity or citizenship categories that mark one group apart."],
    ]),
    stage(2, "Symbolization", "Names, symbols or dress are attached to a group and given hostile meaning.", [
      ["Group labels are used as insults or marks of suspicion", "Slurs in media or speeches; labels that deny a group's chosen name."],
      ["Members are made to carry visible identification", "Required badges, colours, document stamps."],
    ]),
    stage(3, "Discrimination", "A dominant group uses law, custom and power to deny others their rights.", [
      ["Laws or policies deny a group citizenship or civil rights", "Statelessness, voting exclusion, property bans."],
      ["A group is excluded from jobs, education, services or land in practice", "Patterns of dismissal or refusal, segregated services."],
      ["Authorities do not act on abuses against the group", "Complaints ignored, attacks unpunished."],
    ]),
    stage(4, "Dehumanization", "One group denies the humanity of another: vermin, disease, animals.", [
      ["Propaganda or speech likens a group to animals, vermin or disease", "Record examples from the speech monitor with speaker and reach."],
      ["Hate speech is tolerated or spread by officials or mainstream media", "Statements by leaders, state media or influential clergy."],
      ["Violence against the group is presented as cleansing or self-defence", "Narratives that recast killing as hygiene or protection."],
    ]),
    stage(5, "Organization", "Violence is planned, usually by a state or through militias it supports.", [
      ["Special units or militias are formed, armed or trained", "New paramilitaries, arming of civilian groups."],
      ["Plans, lists or command structures for action against the group are reported", "Leaked plans, target lists."],
    ]),
    stage(6, "Polarization", "Extremists drive groups apart and silence the middle ground.", [
      ["Moderates of the dominant group are threatened, arrested or killed", "Attacks on journalists, activists, politicians who speak for coexistence."],
      ["Laws or campaigns forbid contact or marriage between groups, or punish bridging", "Boycotts of the other group's businesses, bans on intermarriage."],
    ]),
    stage(7, "Preparation", "Leaders plan the 'final solution', often behind euphemisms; armies and weapons are built up.", [
      ["Leaders speak of solving the group 'problem' or of eliminating a threat", "Euphemisms such as 'cleansing', 'purification', 'counter-terrorism' aimed at a group."],
      ["Weapons and forces are concentrated near the group", "Troop build-ups, arms transfers to militias in the group's areas."],
      ["Fear of the group is stoked to justify pre-emptive action", "Claims that the group is about to attack."],
    ]),
    stage(8, "Persecution", "Victims are identified and separated; property is taken; people are deported, ghettoised or starved.", [
      ["Members of the group are rounded up, detained or confined to camps or ghettos", "Camps, mass arrests, enclosed settlements."],
      ["Property is confiscated and people are forcibly displaced", "Evictions, burned villages, deportations."],
      ["Massacres or other killings of group members occur", "Link to event data showing one-sided violence against civilians."],
    ]),
    stage(9, "Extermination", "Mass killing that perpetrators call extermination because they do not see victims as human.", [
      ["Systematic killing of group members is under way", "Large-scale, repeated killings; destruction of whole communities."],
      ["Sexual violence, starvation or mutilation are used to destroy the group", "Patterns showing destruction, not only terror."],
    ]),
    stage(10, "Denial", "Perpetrators deny the crimes, hide evidence and intimidate witnesses; it follows every genocide and predicts more.", [
      ["Authorities deny that crimes occurred or blame the victims", "Official denials, counter-narratives."],
      ["Evidence is destroyed and investigators or witnesses are blocked or threatened", "Mass graves bulldozed, access denied to investigators."],
      ["Perpetrators are protected from justice", "Amnesties, promotions of suspects, refusal to cooperate with courts."],
    ]),
  ],
};
